package se.nyckeln.agreements.application;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** What the agreements and purchases use cases answer with. Amounts are öre. */
public final class AgreementViews {

    private AgreementViews() {
    }

    public record PriceEntry(long id, long agreementId, String sku, String productName, long unitPriceOre,
                             String currency, long minQuantity, LocalDate validFrom, LocalDate validTo) {
    }

    /** {@code noticeDate}: the last day to give notice (valid to minus the notice period), null when open-ended. */
    public record AgreementEntry(long id, String reference, long supplierId, String supplierName, String kind,
                                 Long parentId, String title, String category, LocalDate validFrom, LocalDate validTo,
                                 String extensionOptions, int noticeMonths, LocalDate noticeDate, long ownerUnitId,
                                 boolean kommunMayCallOff, List<Long> callOffUnitIds, List<PriceEntry> prices) {
    }

    /**
     * {@code entitlements}: licence entitlements created from invoice lines; {@code credits}: credit lines that took
     * seats back from an entitlement (purchase imports only; both count pending earlier lines too).
     */
    public record ImportResult(String kind, String fileName, int rows, int created, int updated, int unchanged,
                               int rematched, int entitlements, int credits) {
    }

    /**
     * One purchase line with its verdict and the facts that explain it. {@code explanation} is worded in the
     * caller's language; {@code explanationKey} and {@code explanationArgs} are the same explanation as a text key
     * and its parameters. {@code creditedEntitlementId}/{@code creditedSeats}: for a credit line, the entitlement it
     * took seats back from and how many, and {@code creditedInvoice} the invoice that had bought them. For a line that
     * created an entitlement: {@code seatsCredited} (null: none credited) the seats credit lines took back,
     * {@code seatsRemaining} the entitlement's seats now, {@code creditingDocuments} the credit documents' numbers.
     * {@code account}: the account the line was booked on (ledger {@code account}, Peppol {@code cbc:AccountingCost}).
     */
    public record LineEntry(long id, long invoiceId, String invoiceNumber, String documentType, LocalDate issueDate,
                            String currency, Long supplierId, String supplierName, String supplierKey,
                            String buyerReference, String contractReference, Long unitId, String lineId,
                            String itemName, String sellerItemId, String standardItemId, String classification,
                            String classificationList, BigDecimal quantity, long unitPriceOre, long lineAmountOre,
                            BigDecimal vatPercent, String verdict, String sku, Long agreementId,
                            String agreementReference, Long priceRowId, Long tierMinQuantity,
                            BigDecimal cityQuantity, Long expectedPriceOre, Long altAgreementId,
                            String altAgreementReference, Long altPriceRowId, Long altPriceOre, Long atStakeOre,
                            String explanation, String explanationKey, List<String> explanationArgs,
                            Long entitlementId, Long creditedEntitlementId, Long creditedSeats,
                            String creditedInvoice, Long seatsCredited, Long seatsRemaining,
                            String creditingDocuments, String account) {
    }

    public record LinePage(long total, int offset, int limit, List<LineEntry> items) {
    }

    public record VerdictTotal(String verdict, long lines, long atStakeOre, long amountOre) {
    }

    public record UnmappedReference(String reference, long invoices, long lines, long amountOre) {
    }

    public record BuyerMapping(String reference, long unitId) {
    }

    public record ProductMapping(long id, long supplierId, String itemKey, String sku) {
    }

    /**
     * An alert of the last daily run: {@code NOTICE_DATE} (an agreement's last day to give notice) or
     * {@code SUBSCRIPTION_ENDING} (an entitlement's end); {@code dueDate} is the date to act by. {@code title} is
     * worded in the caller's language; {@code titleKey} and {@code titleArgs} are the same title as a text key and
     * its parameters.
     */
    public record Alert(String kind, Long agreementId, Long entitlementId, String title, String titleKey,
                        List<String> titleArgs, LocalDate dueDate, LocalDate endDate, long daysLeft,
                        LocalDate computedOn, int horizonMonths) {
    }
}
