"""Sign-in settings from secrets.toml, and the person a sign-in stands for (planning.auth_config)."""
from __future__ import annotations

import tomllib

import pytest

from planning.auth_config import AuthConfigError, SignInIncomplete, from_secrets

AUTH = {
    "redirect_uri": "https://workbook.clinic.org/oauth2callback",
    "cookie_secret": "a-long-random-string-only-the-server-knows",
    "client_id": "workbook",
    "client_secret": "s3cret",
    "server_metadata_url": "https://login.clinic.org/.well-known/openid-configuration",
}


def settings(**workbook):
    return from_secrets({"auth": AUTH, "workbook": workbook})


def test_without_an_auth_section_sign_in_is_off():
    assert not from_secrets({}).enabled
    assert not from_secrets({"workbook": {"admin_emails": ["it@clinic.org"]}}).enabled


def test_the_example_secrets_file_turns_sign_in_on():
    from tests.conftest import ROOT

    example = tomllib.loads((ROOT / ".streamlit" / "secrets.toml.example").read_text("utf-8"))
    cfg = from_secrets(example)
    assert cfg.enabled
    assert cfg.button_label().startswith("Sign in with ")


@pytest.mark.parametrize("drop", ["cookie_secret", "redirect_uri", "client_secret", "server_metadata_url"])
def test_an_incomplete_auth_section_is_an_error_naming_what_is_missing_not_an_open_app(drop):
    auth = {k: v for k, v in AUTH.items() if k != drop}
    with pytest.raises(AuthConfigError, match=drop):
        from_secrets({"auth": auth})


def test_an_empty_setting_counts_as_missing():
    with pytest.raises(AuthConfigError, match="client_id"):
        from_secrets({"auth": {**AUTH, "client_id": "  "}})


def test_a_redirect_uri_that_does_not_end_in_oauth2callback_is_refused():
    with pytest.raises(AuthConfigError, match="/oauth2callback"):
        from_secrets({"auth": {**AUTH, "redirect_uri": "https://workbook.clinic.org/"}})


def test_a_named_provider_section_is_used_and_checked():
    general = {"redirect_uri": AUTH["redirect_uri"], "cookie_secret": AUTH["cookie_secret"]}
    provider = {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")}
    cfg = from_secrets({"auth": {**general, "entra": provider}})
    assert cfg.providers == ("entra",)
    with pytest.raises(AuthConfigError, match="entra.client_secret"):
        from_secrets({"auth": {**general, "entra": {**provider, "client_secret": ""}}})


def test_the_button_names_the_provider_or_the_organisation():
    assert settings().button_label() == "Sign in with your organisation"
    assert settings(provider_name="Riverside Health account").button_label() == \
        "Sign in with Riverside Health account"


def test_principal_lower_cases_the_email_and_takes_the_name():
    who = settings().principal({"email": "Maria.Okafor@Clinic.ORG", "name": "Maria Okafor", "sub": "x1"})
    assert who.email == "maria.okafor@clinic.org"
    assert who.author == "Maria Okafor <maria.okafor@clinic.org>"
    assert not who.admin


def test_without_a_name_the_email_is_the_name():
    who = settings().principal({"email": "sam@clinic.org"})
    assert who.name == "sam@clinic.org"
    assert who.author == "sam@clinic.org"


def test_a_name_with_line_breaks_is_kept_on_one_line():
    assert settings().principal({"email": "a@clinic.org", "name": "Dana\n  Lee\t"}).name == "Dana Lee"


def test_a_sign_in_without_an_email_is_not_a_proper_sign_in():
    with pytest.raises(SignInIncomplete, match="email address"):
        settings().principal({"sub": "1234", "name": "No Email"})


def test_an_unverified_email_is_refused_unless_the_settings_accept_it():
    claims = {"email": "someone@clinic.org", "email_verified": False}
    with pytest.raises(SignInIncomplete, match="not verified"):
        settings().principal(claims)
    assert settings(accept_unverified_email=True).principal(claims).email == "someone@clinic.org"
    assert settings().principal({**claims, "email_verified": True}).email == "someone@clinic.org"


def test_admins_by_email_whatever_its_case():
    cfg = settings(admin_emails=["IT-Lead@Clinic.org"])
    assert cfg.is_admin({"email": "it-lead@clinic.org"})
    assert cfg.principal({"email": "It-Lead@clinic.org"}).admin
    assert not cfg.is_admin({"email": "someone@clinic.org"})


def test_admins_by_group_claim_default_name_groups():
    cfg = settings(admin_groups=["Workbook-Admins"])
    assert cfg.is_admin({"email": "a@clinic.org", "groups": ["staff", "workbook-admins"]})
    assert cfg.is_admin({"email": "a@clinic.org", "groups": "workbook-admins"})  # one group sent as text
    assert not cfg.is_admin({"email": "a@clinic.org", "groups": ["staff"]})
    assert not cfg.is_admin({"email": "a@clinic.org"})  # the provider sends no groups


def test_the_group_claim_name_is_configurable():
    cfg = settings(admin_group_claim="roles", admin_groups=["workbook-admins"])
    assert cfg.is_admin({"email": "a@clinic.org", "roles": ["workbook-admins"]})
    assert not cfg.is_admin({"email": "a@clinic.org", "groups": ["workbook-admins"]})


def test_no_admin_groups_means_nobody_is_admin_by_group():
    assert not settings().is_admin({"email": "a@clinic.org", "groups": ["anything"]})


def test_admin_emails_that_are_not_emails_are_refused():
    with pytest.raises(AuthConfigError, match="not-an-email"):
        settings(admin_emails=["not-an-email"])


def test_admin_lists_must_be_lists_of_text():
    with pytest.raises(AuthConfigError, match="admin_groups"):
        settings(admin_groups=[1, 2])
