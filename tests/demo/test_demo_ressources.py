"""The demo's ressources: an actor is shown what others lend nearby that it seeks."""

from __future__ import annotations

from maillage.meet.profiles import offers, profiles
from maillage.meet.suggest import Suggester
from maillage.meet.vocabulary import default_vocabulary


def test_an_actor_is_shown_what_others_lend_nearby_that_it_seeks(demo_commons):
    """The demo's ressources offer means in the actors' vocabulary (`x-offre`); each is lent
    within its territory at its scale, and never suggested to its own lender."""
    found = Suggester(profiles(demo_commons), default_vocabulary(), offers(demo_commons))
    festival = found.to_borrow("festival-rues-et-cabanes", limit=5)  # seeks technical equipment, Rambervillers
    lent = {b.entry: b for b in festival}
    assert "huit-projecteurs-a-led-et-leur-console" in lent  # lent in the whole département
    assert "sonorisation-de-plein-air-du-kiosque" not in lent  # lent only in the CA of Saint-Dié
    assert lent["huit-projecteurs-a-led-et-leur-console"].line == (
        "du matériel technique (son, lumière, scène), que vous recherchez ; chez Lumière et Son des Vosges ; "
        "dans le même département (Vosges)"
    )
    for b in found.to_borrow("lumiere-et-son-des-vosges", limit=50):
        assert "lumiere-et-son-des-vosges" not in demo_commons.entries[b.entry].data.values()
    assert found.to_borrow("personne-inconnue") == []
