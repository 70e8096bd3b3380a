package se.nyckeln.organisation.application;

/** The organisation files Nyckeln reads; column formats are documented in docs/imports.md. */
public enum ImportKind {
    UNITS, PEOPLE, DEVICES, ENTRA_USERS
}
