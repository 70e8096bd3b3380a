package se.nyckeln.organisation.rest;

/** Role sets used in {@code @RolesAllowed} here (constants, so annotations can use them). */
final class Roles {

    static final String ADMIN = "LICENCE_ADMIN";
    static final String FINANCE = "FINANCE";
    static final String PROCUREMENT = "PROCUREMENT";
    static final String VIEWER = "UNIT_VIEWER";
    static final String AUDITOR = "AUDITOR";

    private Roles() {
    }
}
