def test_pages_speak_indonesian_even_when_the_browser_asks_for_english(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "id"
    assert '<html lang="id">' in response.content.decode()


def test_the_language_switch_works_signed_out_and_sticks(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/")
    assert page.headers["Content-Language"] == "en"
    assert "Sign in" in page.content.decode()


def test_an_unknown_language_is_ignored(client, db):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/accounts/login/"})
    assert client.get("/accounts/login/").headers["Content-Language"] == "id"
