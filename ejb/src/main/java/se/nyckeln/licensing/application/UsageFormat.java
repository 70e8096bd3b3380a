package se.nyckeln.licensing.application;

/** The kinds of usage evidence file Nyckeln reads (docs/imports.md, "Usage evidence"). */
public enum UsageFormat {
    /** Microsoft 365 admin center / Graph getOffice365ActiveUserDetail, as CSV. */
    M365_ACTIVE_USERS,
    /** {@code user_upn;device_serial;sku;last_used} from any inventory tool. */
    INVENTORY,
    /** Microsoft 365 admin center → Users → Active users → Export: the licences each account holds. */
    ADMIN_CENTRE_USERS
}
