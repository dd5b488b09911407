from django.test import Client

from conftest import Cast, client_for


def test_healthz_answers_ok(db: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_a_district_officer_sees_their_tambon_and_not_the_next_district(cast: Cast) -> None:
    client = client_for(cast.dist_a1)
    assert client.get("/areas/420101/").status_code == 200
    assert client.get("/areas/420201/").status_code == 404


def test_pages_are_thai_even_when_the_browser_asks_for_english(cast: Cast) -> None:
    client = client_for(cast.dist_a1)
    response = client.get("/areas/4201/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "th"


def test_english_is_one_click_away_and_stays_chosen(cast: Cast) -> None:
    client = client_for(cast.dist_a1)
    client.post("/i18n/setlang/", {"language": "en", "next": "/areas/4201/"})
    assert client.get("/areas/4201/").headers["Content-Language"] == "en"
    client.post("/i18n/setlang/", {"language": "th", "next": "/areas/4201/"})
    assert client.get("/areas/4201/").headers["Content-Language"] == "th"
