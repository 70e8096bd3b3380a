package se.nyckeln.platform.ui;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import se.nyckeln.platform.security.Role;

/**
 * Which screens the navigation offers the caller. Only screens that exist and that the caller's roles may use
 * are listed; the page itself is still protected on the server.
 */
@Named
@RequestScoped
public class NavigationView {

    @Inject
    private FacesContext faces;

    /** The organisation tree is for every role (a unit viewer sees its own part of it). */
    public boolean isOrganisation() {
        for (Role role : Role.values()) {
            if (faces.getExternalContext().isUserInRole(role.name())) {
                return true;
            }
        }
        return false;
    }

    /** Agreements and purchase lines: every role (a unit viewer sees only its own units' purchase lines). */
    public boolean isAgreements() {
        return isOrganisation();
    }

    /** The licence statistics are for every role (a unit viewer sees its own units' dashboard). */
    public boolean isStatistics() {
        return isOrganisation();
    }

    /** The supplier consolidation dashboard: every role (a unit viewer sees only its own units' spend). */
    public boolean isSuppliers() {
        return isOrganisation();
    }

    public boolean isLicenceAdmin() {
        return faces.getExternalContext().isUserInRole(Role.ADMIN);
    }

    /** The chargeback screen: finance works there, auditors look, a unit viewer sees its own statements. */
    public boolean isChargeback() {
        return faces.getExternalContext().isUserInRole(Role.FIN) || faces.getExternalContext().isUserInRole(Role.AUDIT)
                || faces.getExternalContext().isUserInRole(Role.VIEWER);
    }

    /** The chargeback set-up screens (cost pools, cost types, keys, portfolio): finance and auditors. */
    public boolean isChargebackSetup() {
        return faces.getExternalContext().isUserInRole(Role.FIN) || faces.getExternalContext().isUserInRole(Role.AUDIT);
    }

    public String getUser() {
        return faces.getExternalContext().getRemoteUser();
    }
}
