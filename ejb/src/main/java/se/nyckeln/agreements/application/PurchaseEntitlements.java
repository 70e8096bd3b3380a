package se.nyckeln.agreements.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import se.nyckeln.agreements.infrastructure.PurchaseStore;
import se.nyckeln.audit.application.AuditTrail;
import se.nyckeln.licensing.application.LicensingCommands;
import se.nyckeln.licensing.application.Pools;
import se.nyckeln.licensing.application.ProductNamesChanged;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Licence invoice lines and the entitlements they create or take back (docs/agreements.md, "Licence
 * entitlements from invoice lines"), always through the licensing application service, which audits them:
 * <ul>
 * <li>an invoice line naming a catalogue product, with a whole positive quantity and a mapped buyer, becomes an
 * entitlement once — at its import, or later when its product, an alias, its price-list SKU or its buyer mapping
 * appears (re-match, product creation, product mapping, buyer mapping);</li>
 * <li>a credit line (credit note line, or a negative ledger line) takes its seats back from the entitlement of the
 * invoice line it credits, once (the line records the entitlement and the seats).</li>
 * </ul>
 * Runs in the caller's transaction, under the purchases' import lock.
 */
@Stateless
public class PurchaseEntitlements {

    private static final Logger LOG = Logger.getLogger(PurchaseEntitlements.class);

    @EJB
    private PurchaseStore store;

    @EJB
    private Pools pools;

    @EJB
    private AuditTrail audit;

    /** Entitlements created and credit lines applied by one reconciliation. */
    public record Outcome(int created, int credited) {
    }

    /** Every pending line of every import (see the class comment); the caller holds the import lock. */
    public Outcome reconcile() {
        int created = link();
        int credited = credit();
        if (created + credited > 0) {
            LOG.infof("purchase entitlements: %d created, %d credit lines applied", created, credited);
        }
        return new Outcome(created, credited);
    }

    /** A product created or given another alias: lines that named nothing may name it now. */
    public void onProductNames(@Observes ProductNamesChanged changed) {
        store.lockForImport();
        reconcile();
    }

    private int link() {
        int n = 0;
        for (PurchaseStore.LicenceCandidate c : store.licenceCandidates(null)) {
            if (c.ownerUnitId() == null) {
                continue;
            }
            LocalDate to = c.validTo() != null && !c.validTo().isBefore(c.validFrom()) ? c.validTo() : null;
            var e = pools.addEntitlement(new LicensingCommands.NewEntitlement(c.productId(), c.ownerUnitId(),
                    c.quantity().longValueExact(), Purchases.monthlyPrice(c.unitPriceOre(), c.validFrom(), to),
                    "Faktura " + c.invoiceNumber() + " rad " + c.lineNo() + " (" + c.supplierName() + ")",
                    c.validFrom(), to, false));
            store.linkEntitlement(c.lineId(), e.id());
            audit.record(AuditTrail.Action.UPDATE, "PurchaseLine", c.lineId(), c.ownerUnitId(), null,
                    Map.of("entitlementId", e.id()), "entitlement from invoice line");
            n++;
        }
        return n;
    }

    private int credit() {
        int n = 0;
        for (PurchaseStore.CreditMatch m : store.pendingCredits()) {
            String reference = "Kredit " + m.creditNumber() + " rad " + m.creditLineNo() + " av faktura "
                    + m.originalNumber();
            long taken = pools.creditEntitlement(m.entitlementId(), m.seats(), reference);
            store.markCredited(m.creditLineId(), m.entitlementId(), taken);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("creditedEntitlementId", m.entitlementId());
            after.put("creditedSeats", taken);
            after.put("requestedSeats", m.seats());
            after.put("creditedLineId", m.originalLineId());
            audit.record(AuditTrail.Action.UPDATE, "PurchaseLine", m.creditLineId(), null, null, after,
                    "credit of invoice line");
            n++;
        }
        return n;
    }
}
