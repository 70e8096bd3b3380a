package se.nyckeln.suppliers.application;

import se.nyckeln.suppliers.domain.ReductionTarget;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** What the consolidation use cases answer (amounts in öre). */
public final class ConsolidationViews {

    private ConsolidationViews() {
    }

    /** The parameters of the read side; null = the default. */
    public record Query(Integer year, Long supplierId, String category, Integer baseYear, List<Integer> targets,
                        Integer percent, Long thresholdSek, Long smallAgreementSek) {
        public Query(Integer year, Long supplierId, String category, Integer baseYear, List<Integer> targets,
                     Integer percent, Long thresholdSek) {
            this(year, supplierId, category, baseYear, targets, percent, thresholdSek, null);
        }

        public static Query of(Integer year) {
            return new Query(year, null, null, null, null, null, null);
        }
    }

    public record NormalisationResult(int suppliersCreated, int aliasesAdded, int invoicesLinked,
                                      List<String> skipped) {
    }

    /** Purchase lines of suppliers not in the register: outside every figure until normalisation. */
    public record Unregistered(long suppliers, long lines, long amountOre) {
    }

    public record DuplicateProposal(long supplierId, String supplierName, String supplierKey, long otherId,
                                    String otherName, String otherKey, String matchedName, String otherMatchedName,
                                    double similarity) {
    }

    public record MergeEntry(long id, long survivorId, String survivorName, long mergedId, String mergedName,
                             String reason, String mergedBy, String mergedAt, String splitBy, String splitAt,
                             boolean open) {
    }

    /** The audited state of a supplier's merge marker. */
    public record MergeState(long supplierId, Long mergedInto) {
    }

    public record SpendEntry(String key, String label, long spendOre, long lines, long suppliers) {
    }

    public record YearCount(int year, long suppliers) {
    }

    public record CategoryCount(int year, String category, String categoryName, long suppliers) {
    }

    public record CountTrend(List<YearCount> years, Integer baseYear, long base, Integer year, long now,
                             List<ReductionTarget> targets, List<CategoryCount> perCategory) {
    }

    public record TailEntry(long supplierId, String name, String orgNumber, long spendOre, long lines, long invoices,
                            List<String> units, boolean pareto, boolean underThreshold, boolean oneOff) {
    }

    public record Tail(int year, long totalOre, int percent, long thresholdSek, long suppliers, long paretoSuppliers,
                       long paretoSpendOre, long underThresholdSuppliers, long oneOffSuppliers, List<TailEntry> entries) {
    }

    /** {@code smallAgreement}: the line's own agreement when it is small (null: off agreement). */
    public record Candidate(long supplierId, String supplierName, String smallAgreement, String category, String match,
                            long agreementId,
                            String agreementReference, long agreementSupplierId, String agreementSupplierName,
                            long lines, long movingOre, long pricedLines, long pricedOre, long priceDifferenceOre) {
    }

    public record Line(long id, long invoiceId, String invoiceNumber, LocalDate issueDate, long supplierId,
                       String supplierName, long bookedSupplierId, Long unitId, String unitCode, String itemName,
                       BigDecimal quantity, long unitPriceOre, long amountOre, String verdict, String category,
                       String categorySource, Boolean categoryIsIt, Boolean reviewIsIt, Boolean countedIt,
                       String account, String reviewReason) {
    }

    /**
     * One page of the review list: {@code lines} from {@code offset} (at most {@code limit}), oldest first (issue
     * date, line id), and {@code total}, the number of lines in the whole list.
     */
    public record ReviewPage(long total, int offset, int limit, List<Line> lines) {
    }

    /** An account prefix that belongs to the IT spend. */
    public record ItAccount(String prefix, String name) {
    }

    /** A dismissed duplicate proposal ("not a duplicate"); {@code open} until undone. */
    public record Dismissal(long id, long supplierId, String supplierName, long otherId, String otherName,
                            String reason, String dismissedBy, String dismissedAt, String undoneBy, String undoneAt,
                            boolean open) {
    }

    public record Category(String code, String name, boolean it) {
    }

    public record CategoryMapping(long id, long supplierId, String itemKey, String category) {
    }

    public record Review(long lineId, boolean it) {
    }
}
