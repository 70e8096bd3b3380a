package se.nyckeln.platform.security;

/** The five roles of PRODUCT.md §2. Role names are the strings used in {@code @RolesAllowed}. */
public enum Role {
    LICENCE_ADMIN, FINANCE, PROCUREMENT, UNIT_VIEWER, AUDITOR;

    public static final String ADMIN = "LICENCE_ADMIN";
    public static final String FIN = "FINANCE";
    public static final String PROC = "PROCUREMENT";
    public static final String VIEWER = "UNIT_VIEWER";
    public static final String AUDIT = "AUDITOR";
}
