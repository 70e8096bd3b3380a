package se.nyckeln.licensing.rest;

import se.nyckeln.platform.security.Role;

/** Role sets used in {@code @RolesAllowed} here (constants, so annotations can use them). */
final class Roles {

    static final String ADMIN = Role.ADMIN;
    static final String FINANCE = Role.FIN;
    static final String PROCUREMENT = Role.PROC;
    static final String VIEWER = Role.VIEWER;
    static final String AUDITOR = Role.AUDIT;

    private Roles() {
    }
}
