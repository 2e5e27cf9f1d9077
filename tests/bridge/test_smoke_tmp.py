from bridge_helpers import ACTOR, submit


def test_smoke(client):
    r = client.get("/proposer/acteurs")
    assert r.status_code == 200, r.text
    r = submit(client, "/proposer/acteurs", ACTOR, action="apercu")
    print(r.text[:3000])
    assert r.status_code == 200
    r = submit(client, "/proposer/acteurs", ACTOR, follow_redirects=False)
    assert r.status_code == 303, r.text
