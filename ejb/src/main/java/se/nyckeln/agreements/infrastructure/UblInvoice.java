package se.nyckeln.agreements.infrastructure;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What Nyckeln reads of one Peppol BIS Billing 3.0 invoice or credit note (field paths in docs/agreements.md).
 * {@code Line.account}: the account the buyer booked the line on (ledger CSV column {@code account}; Peppol
 * {@code cbc:AccountingCost} of the line, BT-133, else of the document, BT-19; null when not given).
 * Amounts are öre; a credit note's quantities and amounts are negated so that sums over lines net out.
 * {@code billingReferences}: the invoice numbers a credit note credits (BT-25), empty when none is named.
 */
public record UblInvoice(String file, String documentType, String number, LocalDate issueDate, String currency,
                         String buyerReference, String orderReference, String contractReference, String supplierKey,
                         String supplierName, List<String> billingReferences, List<Line> lines) {

    public UblInvoice {
        billingReferences = billingReferences == null ? List.of() : List.copyOf(billingReferences);
    }

    public record Line(String id, String itemName, String sellerItemId, String standardItemId, String classification,
                       String classificationList, BigDecimal quantity, String unitCode, long unitPriceOre,
                       long lineAmountOre, String vatCategory, BigDecimal vatPercent, LocalDate periodStart,
                       LocalDate periodEnd, String account) {
    }
}
