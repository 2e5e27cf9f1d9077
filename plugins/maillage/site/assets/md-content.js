// Material for MkDocs 9.8.2's inline script after the content (MIT licence, (c) Martin Donath),
// as a file for the Content-Security-Policy.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
