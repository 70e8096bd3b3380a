package se.nyckeln.suppliers.ui;

import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.rest.Problems;
import se.nyckeln.platform.security.Role;
import se.nyckeln.platform.ui.LocaleView;
import se.nyckeln.suppliers.application.Consolidation;
import se.nyckeln.suppliers.application.ConsolidationViews;
import se.nyckeln.suppliers.domain.ReductionTarget;

import java.io.Serializable;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;

/**
 * Procurement's supplier dashboard: active suppliers per year against the reduction targets, top suppliers, the
 * tail, consolidation candidates, lines awaiting review, duplicate proposals and merges, and the drill-down to a
 * supplier's purchase lines. The service scopes everything (a unit viewer sees only its own units' spend).
 */
@Named
@ViewScoped
public class ConsolidationView implements Serializable {

    private static final int TOP = 10;
    /** Lines per page of the review list. */
    static final int REVIEW_PAGE = 50;

    @EJB
    private Consolidation consolidation;

    @Inject
    private LocaleView texts;

    private int year;
    private Integer baseYear;
    private String targets;
    private Integer percent;
    private Long threshold;
    private Long supplier;
    private Long small;
    private String category;
    private List<ConsolidationViews.Category> categories = List.of();
    private String message;

    private ConsolidationViews.CountTrend counts;
    private ConsolidationViews.Unregistered unregistered;
    private List<ConsolidationViews.SpendEntry> top = List.of();
    private ConsolidationViews.Tail tail;
    private List<ConsolidationViews.Candidate> candidates = List.of();
    private ConsolidationViews.ReviewPage review;
    private int reviewPage = 1;
    private List<AccountRow> itAccounts = new ArrayList<>();
    private String itAccountError;
    private List<ConsolidationViews.DuplicateProposal> duplicates = List.of();
    private List<ConsolidationViews.MergeEntry> merges = List.of();
    private List<ConsolidationViews.Dismissal> dismissals = List.of();
    private List<ConsolidationViews.Line> lines = List.of();

    @jakarta.annotation.PostConstruct
    void init() {
        var p = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap();
        Integer y = integer(p.get("year"));
        baseYear = integer(p.get("baseYear"));
        targets = p.get("targets") == null || p.get("targets").isBlank() ? null : p.get("targets").trim();
        percent = integer(p.get("percent"));
        Long t = p.get("threshold") == null ? null : longOrNull(p.get("threshold"));
        threshold = t;
        supplier = longOrNull(p.get("supplier"));
        small = longOrNull(p.get("small"));
        category = p.get("category") == null || p.get("category").isBlank() ? null : p.get("category").trim();
        small = small != null && small < 0 ? null : small;
        message = p.get("msg");
        Integer rp = integer(p.get("reviewPage"));
        reviewPage = rp == null || rp < 1 ? 1 : rp;
        load(y);
    }

    private void load(Integer requestedYear) {
        try {
            counts = consolidation.counts(new ConsolidationViews.Query(null, null, category, baseYear, targetList(),
                    null, null));
        } catch (BusinessException e) {
            targets = null;
            counts = consolidation.counts(new ConsolidationViews.Query(null, null, category, null, null, null, null));
        }
        unregistered = consolidation.unregistered();
        year = requestedYear != null ? requestedYear : counts.year() != null ? counts.year() : Year.now().getValue();
        categories = consolidation.categories();
        ConsolidationViews.Query q = new ConsolidationViews.Query(year, null, category, baseYear, targetList(), percent,
                threshold);
        top = consolidation.spend("supplier", q).stream().limit(TOP).toList();
        try {
            tail = consolidation.tail(q);
        } catch (BusinessException e) {
            percent = null;
            threshold = null;
            tail = consolidation.tail(new ConsolidationViews.Query(year, null, category, null, null, null, null));
        }
        candidates = consolidation.candidates(new ConsolidationViews.Query(year, null, category, null, null, null, null,
                small));
        review = consolidation.review(true, null, (int) Math.min((long) (reviewPage - 1) * REVIEW_PAGE,
                Integer.MAX_VALUE - REVIEW_PAGE), REVIEW_PAGE);
        if (review.lines().isEmpty() && review.total() > 0) { // past the end (lines were decided): the last page
            reviewPage = (int) ((review.total() - 1) / REVIEW_PAGE) + 1;
            review = consolidation.review(true, null, (reviewPage - 1) * REVIEW_PAGE, REVIEW_PAGE);
        }
        itAccounts = new ArrayList<>(consolidation.itAccounts().stream()
                .map(a -> new AccountRow(a.prefix(), a.name())).toList());
        if (isProcurement()) {
            duplicates = consolidation.duplicates();
            merges = consolidation.merges();
            dismissals = consolidation.dismissals();
        }
        lines = supplier == null ? List.of() : consolidation.lines(new ConsolidationViews.Query(year, supplier, null,
                null, null, null, null));
    }

    private List<Integer> targetList() {
        if (targets == null) {
            return null;
        }
        try {
            return java.util.Arrays.stream(targets.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            targets = null;
            return null;
        }
    }

    // ------------------------------------------------------------------ actions (procurement)

    public String decide(long lineId, boolean it) {
        consolidation.decide(lineId, it);
        return again("consolidation.msg.reviewed") + "&reviewPage=" + reviewPage;
    }

    /** Adds an empty row to the IT account editor (kept in the view until saved). */
    public void addItAccount() {
        itAccounts.add(new AccountRow("", ""));
    }

    public void removeItAccount(AccountRow row) {
        itAccounts.remove(row);
    }

    /**
     * Saves the IT account editor as the new list (rows left entirely empty are skipped). The service validates and
     * audits; a refusal is shown with the problem's text and the rows stay as entered.
     */
    public String saveItAccounts() {
        List<ConsolidationViews.ItAccount> accounts = itAccounts.stream()
                .filter(r -> !blank(r.getPrefix()) || !blank(r.getName()))
                .map(r -> new ConsolidationViews.ItAccount(r.getPrefix() == null ? "" : r.getPrefix().trim(),
                        r.getName()))
                .toList();
        try {
            consolidation.replaceItAccounts(accounts);
            return again("consolidation.msg.itAccountsSaved");
        } catch (BusinessException e) {
            itAccountError = Problems.text(texts.getLocale(), e.code(), e.args());
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** One editable row of the IT account editor. */
    public static final class AccountRow implements Serializable {
        private String prefix;
        private String name;

        AccountRow(String prefix, String name) {
            this.prefix = prefix;
            this.name = name;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    public String merge(long survivorId, long mergedId) {
        try {
            consolidation.merge(survivorId, mergedId, texts.text("consolidation.merge.reason"));
            return again("consolidation.msg.merged");
        } catch (BusinessException e) {
            return again("consolidation.msg.mergeRefused");
        }
    }

    public String dismiss(long supplierId, long otherId) {
        try {
            consolidation.dismiss(supplierId, otherId, texts.text("consolidation.dismiss.reason"));
            return again("consolidation.msg.dismissed");
        } catch (BusinessException e) {
            return again("consolidation.msg.dismissRefused");
        }
    }

    public String undoDismissal(long dismissalId) {
        try {
            consolidation.undoDismissal(dismissalId);
            return again("consolidation.msg.dismissUndone");
        } catch (BusinessException e) {
            return again("consolidation.msg.dismissRefused");
        }
    }

    public String normalise() {
        consolidation.normalise();
        return again("consolidation.msg.normalised");
    }

    public String split(long mergeId) {
        consolidation.split(mergeId);
        return again("consolidation.msg.split");
    }

    private String again(String messageKey) {
        return "/suppliers/index?faces-redirect=true&year=" + year + "&msg=" + messageKey;
    }

    // ------------------------------------------------------------------ read

    public boolean isProcurement() {
        var ctx = FacesContext.getCurrentInstance().getExternalContext();
        return ctx.isUserInRole(Role.PROC) || ctx.isUserInRole(Role.ADMIN);
    }

    /** Active suppliers per year, with one flat line per target from the base year on. */
    public String getCountChart() {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder active = Json.createArrayBuilder();
        counts.years().forEach(y -> {
            labels.add(String.valueOf(y.year()));
            active.add(y.suppliers());
        });
        JsonArrayBuilder ds = Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("label", texts.text("consolidation.chart.active")).add("data", active));
        for (ReductionTarget t : counts.targets()) {
            JsonArrayBuilder line = Json.createArrayBuilder();
            counts.years().forEach(y -> {
                if (counts.baseYear() != null && y.year() >= counts.baseYear()) {
                    line.add(t.target());
                } else {
                    line.addNull();
                }
            });
            ds.add(Json.createObjectBuilder().add("label", texts.text("consolidation.chart.target", t.percent()))
                    .add("data", line));
        }
        return Json.createObjectBuilder().add("type", "line").add("yTitle", texts.text("consolidation.chart.y"))
                .add("labels", labels).add("datasets", ds).build().toString();
    }

    public String sek(long ore) {
        NumberFormat f = NumberFormat.getNumberInstance(texts.getLocale());
        f.setMinimumFractionDigits(2);
        f.setMaximumFractionDigits(2);
        return f.format(BigDecimal.valueOf(ore, 2)) + " kr";
    }

    public String percentOf(double fraction) {
        NumberFormat f = NumberFormat.getNumberInstance(texts.getLocale());
        f.setMaximumFractionDigits(0);
        return f.format(fraction * 100) + " %";
    }

    public String yesNo(boolean b) {
        return texts.text(b ? "consolidation.yes" : "consolidation.no");
    }

    public String category(String code) {
        return code == null ? texts.text("consolidation.uncategorised") : code;
    }

    /** The query string of the current selection, for export links. */
    public String getQuery() {
        StringBuilder b = new StringBuilder("year=").append(year);
        if (baseYear != null) {
            b.append("&baseYear=").append(baseYear);
        }
        if (targets != null) {
            b.append("&targets=").append(targets);
        }
        if (percent != null) {
            b.append("&percent=").append(percent);
        }
        if (threshold != null) {
            b.append("&thresholdSek=").append(threshold);
        }
        if (small != null) {
            b.append("&smallAgreementSek=").append(small);
        }
        if (category != null) {
            b.append("&category=").append(java.net.URLEncoder.encode(category, java.nio.charset.StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static Integer integer(String s) {
        Long l = longOrNull(s);
        return l == null || l > Integer.MAX_VALUE || l < Integer.MIN_VALUE ? null : l.intValue();
    }

    private static Long longOrNull(String s) {
        try {
            return s == null || s.isBlank() ? null : Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public int getYear() {
        return year;
    }

    /** The year as text (a year is not a number to group: "2021", not "2 021"). */
    public String getYearLabel() {
        return String.valueOf(year);
    }

    public Integer getBaseYear() {
        return baseYear;
    }

    public String getTargets() {
        return targets;
    }

    public Integer getPercent() {
        return percent;
    }

    public Long getThreshold() {
        return threshold;
    }

    public String getCategory() {
        return category;
    }

    public List<ConsolidationViews.Category> getCategories() {
        return categories;
    }

    /** The per-category counts of the chosen year (all categories when none is chosen). */
    public List<ConsolidationViews.CategoryCount> getCategoryCounts() {
        return counts.perCategory().stream().filter(c -> c.year() == year).toList();
    }

    public Long getSmall() {
        return small;
    }

    public Long getSupplier() {
        return supplier;
    }

    public String getMessage() {
        return message != null && message.matches("consolidation\\.msg\\.[a-zA-Z]+") ? texts.text(message) : null;
    }

    public ConsolidationViews.Unregistered getUnregistered() {
        return unregistered;
    }

    public ConsolidationViews.CountTrend getCounts() {
        return counts;
    }

    public List<ConsolidationViews.SpendEntry> getTop() {
        return top;
    }

    public ConsolidationViews.Tail getTail() {
        return tail;
    }

    public List<ConsolidationViews.Candidate> getCandidates() {
        return candidates;
    }

    public ConsolidationViews.ReviewPage getReview() {
        return review;
    }

    public int getReviewPage() {
        return reviewPage;
    }

    /** The number of the review list's first line shown (1-based; 0 when the list is empty). */
    public long getReviewFirst() {
        return review.lines().isEmpty() ? 0 : review.offset() + 1L;
    }

    public long getReviewLast() {
        return review.offset() + (long) review.lines().size();
    }

    public boolean isReviewHasPrevious() {
        return reviewPage > 1;
    }

    public boolean isReviewHasNext() {
        return getReviewLast() < review.total();
    }

    public List<AccountRow> getItAccounts() {
        return itAccounts;
    }

    public String getItAccountError() {
        return itAccountError;
    }

    public List<ConsolidationViews.DuplicateProposal> getDuplicates() {
        return duplicates;
    }

    public List<ConsolidationViews.Dismissal> getDismissals() {
        return dismissals;
    }

    public List<ConsolidationViews.MergeEntry> getMerges() {
        return merges;
    }

    public List<ConsolidationViews.Line> getLines() {
        return lines;
    }
}
