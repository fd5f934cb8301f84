"""Sign-in settings: read from the app's secrets (``.streamlit/secrets.toml``) and turned into a person.

Sign-in is on when the secrets have an ``[auth]`` section Streamlit's ``st.login`` can use: ``redirect_uri`` and
``cookie_secret``, plus ``client_id``, ``client_secret`` and ``server_metadata_url`` either in ``[auth]`` itself
(one identity provider) or in a named provider section such as ``[auth.microsoft]``. The workbook's own settings
live in ``[workbook]``::

    [workbook]
    provider_name = "Riverside Health account"   # shown on the sign-in button ("your organisation" if left out)
    admin_emails = ["it-lead@riverside.org"]      # organisation admins: see every plan and the roll-up
    admin_group_claim = "groups"                  # the claim that lists the person's groups
    admin_groups = ["workbook-admins"]            # members of any of these groups are admins too
    accept_unverified_email = false               # see below

An ``[auth]`` section that is there but incomplete is an error, never "sign-in off": a typo must not open every
plan to anyone who can reach the server.

A provider that says an email address is not verified (``email_verified = false``) is refused unless
``accept_unverified_email`` is true: with self-service accounts, anyone could otherwise claim a colleague's email
and with it their plans. (Some providers never send the claim; then the email is taken as the provider gives it.)

This module never imports streamlit: the app passes it the secrets and ``st.user`` as plain mappings.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from planning.access import Principal, normalise_email, valid_email

DEFAULT_PROVIDER = "default"  # what st.login() uses for an [auth] section with the provider's keys in it
GENERAL_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
DEFAULT_GROUP_CLAIM = "groups"
DEFAULT_PROVIDER_LABEL = "your organisation"
NAME_MAX_CHARS = 80


class AuthConfigError(ValueError):
    """The sign-in settings are there but cannot work; the message names what to fix."""


class SignInIncomplete(ValueError):
    """The identity provider signed the person in but did not say enough to know who they are."""


@dataclass(frozen=True)
class AuthConfig:
    """What the workbook needs to know about sign-in. ``enabled`` is False when the secrets have no [auth]."""

    enabled: bool = False
    providers: tuple[str, ...] = ()  # names to pass to st.login ("default" for the one in [auth] itself)
    provider_label: str = DEFAULT_PROVIDER_LABEL
    admin_emails: frozenset[str] = field(default_factory=frozenset)
    admin_group_claim: str = DEFAULT_GROUP_CLAIM
    admin_groups: frozenset[str] = field(default_factory=frozenset)
    accept_unverified_email: bool = False

    def button_label(self, provider: str = DEFAULT_PROVIDER) -> str:
        """'Sign in with Riverside Health account' (or with the provider section's name when there are several)."""
        if len(self.providers) > 1 and provider != DEFAULT_PROVIDER:
            return f"Sign in with {_provider_title(provider)}"
        return f"Sign in with {self.provider_label}"

    def is_admin(self, user_claims: Mapping) -> bool:
        """An organisation admin: their email is listed, or one of their groups (in the group claim) is."""
        email = normalise_email(str(user_claims.get("email") or ""))
        if email and email in self.admin_emails:
            return True
        if not self.admin_groups:
            return False
        return bool(_groups(user_claims.get(self.admin_group_claim)) & self.admin_groups)

    def principal(self, claims: Mapping) -> Principal:
        """The signed-in person from the identity provider's claims (st.user): email lower-cased, name from "name"
        (or the email), admin from the settings. Raises SignInIncomplete when the claims do not say who it is."""
        email = normalise_email(str(claims.get("email") or ""))
        if not email:
            raise SignInIncomplete(
                "Your sign-in worked, but your organisation's sign-in service did not send your email address, and "
                "the workbook knows your plans by it. Ask your IT team to let this app read the email address "
                "(the 'email' scope and claim).")
        if not valid_email(email):
            raise SignInIncomplete(
                "Your sign-in worked, but the email address it sent does not look like one, so the workbook cannot "
                "tell which plans are yours. Ask your IT team to check the 'email' claim sent to this app.")
        if claims.get("email_verified") is False and not self.accept_unverified_email:
            raise SignInIncomplete(
                "Your sign-in worked, but your organisation's sign-in service says your email address is not "
                "verified yet. Verify it there (or ask your IT team), then sign in again.")
        name = clean_name(claims.get("name")) or email
        return Principal(email=email, name=name, admin=self.is_admin(claims))


SIGN_IN_OFF = AuthConfig()


def from_secrets(secrets: Mapping) -> AuthConfig:
    """The sign-in settings from the app's secrets (a plain mapping; nested sections as mappings).

    No [auth] section: sign-in is off (SIGN_IN_OFF). An [auth] section st.login cannot use: AuthConfigError.
    """
    auth = secrets.get("auth") if secrets else None
    if auth is None:
        return SIGN_IN_OFF
    if not isinstance(auth, Mapping):
        raise AuthConfigError("The [auth] setting in secrets.toml must be a section ([auth] on its own line).")
    missing = [k for k in GENERAL_KEYS if not _text(auth.get(k))]
    named = {k: v for k, v in auth.items() if isinstance(v, Mapping)}
    providers: list[str] = []
    if any(_text(auth.get(k)) for k in PROVIDER_KEYS) or not named:
        missing += [k for k in PROVIDER_KEYS if not _text(auth.get(k))]
        providers.append(DEFAULT_PROVIDER)
    for name, section in named.items():
        if "_" in name:
            raise AuthConfigError(f"The provider section [auth.{name}] has an underscore in its name; Streamlit "
                                  "needs a name without one (for example [auth.entra]).")
        absent = [k for k in PROVIDER_KEYS if not _text(section.get(k))]
        missing += [f"{name}.{k}" for k in absent]
        providers.append(name)
    if missing:
        raise AuthConfigError("Sign-in is set up in secrets.toml ([auth]) but these settings are missing or empty: "
                              + ", ".join(missing) + ". Until they are filled in, nobody can sign in.")
    redirect = _text(auth.get("redirect_uri"))
    if not redirect.rstrip("/").endswith("/oauth2callback"):
        raise AuthConfigError("The [auth] redirect_uri must be this app's address followed by /oauth2callback, "
                              "for example https://workbook.clinic.org/oauth2callback.")

    workbook = secrets.get("workbook") or {}
    if not isinstance(workbook, Mapping):
        raise AuthConfigError("The [workbook] setting in secrets.toml must be a section ([workbook] on its own line).")
    label = _text(workbook.get("provider_name")) or DEFAULT_PROVIDER_LABEL
    emails = _list(workbook, "admin_emails")
    bad = [e for e in emails if not valid_email(e)]
    if bad:
        raise AuthConfigError("[workbook] admin_emails has entries that are not email addresses: " + ", ".join(bad))
    return AuthConfig(
        enabled=True,
        providers=tuple(providers),
        provider_label=label,
        admin_emails=frozenset(normalise_email(e) for e in emails),
        admin_group_claim=_text(workbook.get("admin_group_claim")) or DEFAULT_GROUP_CLAIM,
        admin_groups=frozenset(g.strip().lower() for g in _list(workbook, "admin_groups") if g.strip()),
        accept_unverified_email=workbook.get("accept_unverified_email") is True,
    )


def clean_name(name: object) -> str:
    """A display name as the workbook records it: one line, printable, trimmed, at most NAME_MAX_CHARS."""
    text = " ".join(str(name or "").split())
    return "".join(ch for ch in text if ch.isprintable())[:NAME_MAX_CHARS]


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _list(section: Mapping, key: str) -> list[str]:
    value = section.get(key)
    if value is None:
        return []
    if isinstance(value, str):  # one entry written without brackets
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise AuthConfigError(f"[workbook] {key} must be a list of text, for example {key} = [\"a\", \"b\"].")
    return [v.strip() for v in value if v.strip()]


def _groups(value: object) -> set[str]:
    """A group claim as a set of lower-case names: providers send a list, or one group as text."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, set, frozenset)):
        return set()
    return {str(v).strip().lower() for v in value if str(v).strip()}


def _provider_title(name: str) -> str:
    return name.replace("-", " ").title()
