"""Contributing through a forge: issue forms made from the schemas, issue bodies read into entries."""
