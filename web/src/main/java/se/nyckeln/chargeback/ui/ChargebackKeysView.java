package se.nyckeln.chargeback.ui;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import se.nyckeln.chargeback.application.ChargebackCommands;
import se.nyckeln.chargeback.application.ChargebackRuns;
import se.nyckeln.chargeback.application.ChargebackSetup;
import se.nyckeln.chargeback.application.ChargebackViews;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.organisation.application.UnitNode;
import se.nyckeln.platform.ui.LocaleView;
import se.nyckeln.shared.Period;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The distribution keys: every version with its tier weights, pupil-device weight, fixed percentages and decision,
 * and which runs used it; finance creates a new version effective from the first day of a month (the form starts
 * from the latest version's values).
 */
@Named
@ViewScoped
public class ChargebackKeysView implements Serializable {

    @EJB
    private ChargebackSetup setup;

    @EJB
    private ChargebackRuns runs;

    @EJB
    private OrgTree orgTree;

    @Inject
    private LocaleView texts;

    @Inject
    private transient Clock clock;

    private SetupScreen screen;
    private List<ChargebackViews.KeyVersionView> versions = List.of();
    private Map<Long, List<ChargebackViews.RunView>> runsByVersion = Map.of();
    private Map<String, Long> ownerIds = Map.of();

    private String validFrom;
    private String guld;
    private String silver;
    private String brons;
    private String koppar;
    private String pupil;
    private String decidedBy;
    private String decidedOn;
    private String reference;
    private String fixed;

    @PostConstruct
    void init() {
        screen = new SetupScreen(texts);
        if (!SetupScreen.admitted()) {
            return;
        }
        LocalDate today = LocalDate.now(clock);
        Map<String, Long> ids = new HashMap<>();
        for (UnitNode u : orgTree.asOf(today)) {
            if (ChargebackPortfolioView.OWNER_KINDS.contains(u.kind())) {
                ids.put(u.code().toUpperCase(Locale.ROOT), u.id());
            }
        }
        ownerIds = ids;
        load();
        startFromLatest();
    }

    void load() {
        versions = setup.keyVersions().stream()
                .sorted(Comparator.comparing(ChargebackViews.KeyVersionView::validFrom).reversed()).toList();
        Map<Long, List<ChargebackViews.RunView>> byVersion = new HashMap<>();
        for (ChargebackViews.RunView r : runs.runs(null)) {
            if (r.keyVersionId() != null) {
                byVersion.computeIfAbsent(r.keyVersionId(), k -> new ArrayList<>()).add(r);
            }
        }
        byVersion.values().forEach(l -> l.sort(Comparator.comparing(ChargebackViews.RunView::period)));
        runsByVersion = byVersion;
    }

    /** The form with the latest version's values, effective from next month. */
    private void startFromLatest() {
        LocalDate today = LocalDate.now(clock);
        validFrom = Period.current(clock).next().toString();
        decidedOn = today.toString();
        if (!versions.isEmpty()) {
            ChargebackViews.KeyVersionView k = versions.get(0);
            guld = plain(k.tierWeights().get("GULD"));
            silver = plain(k.tierWeights().get("SILVER"));
            brons = plain(k.tierWeights().get("BRONS"));
            koppar = plain(k.tierWeights().get("KOPPAR"));
            pupil = plain(k.pupilDeviceWeight());
            StringBuilder f = new StringBuilder();
            k.fixedShares().forEach(s -> f.append(s.unitCode()).append(' ').append(plain(s.percent())).append('\n'));
            fixed = f.toString();
        }
    }

    private static String plain(BigDecimal d) {
        return d == null ? "" : d.stripTrailingZeros().toPlainString();
    }

    public void save() {
        if (screen.act(() -> {
            LocalDate from = Period.parse(validFrom.trim()).firstDay();
            setup.addKeyVersion(new ChargebackCommands.KeyVersion(from, weight(guld), weight(silver), weight(brons),
                    weight(koppar), weight(pupil), SetupScreen.require(decidedBy, 200),
                    LocalDate.parse(decidedOn.trim()), SetupScreen.optional(reference, 200), fixedShares()));
        }, "chargeback.keys.msg.saved", validFrom)) {
            reference = null;
        }
        load();
    }

    /** A weight: a number ≥ 0 with at most four decimals ("0,5" or "0.5"). */
    static BigDecimal weight(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("weight");
        }
        BigDecimal w = new BigDecimal(text.trim().replace(',', '.'));
        if (w.signum() < 0 || w.stripTrailingZeros().scale() > 4 || w.compareTo(BigDecimal.valueOf(100_000_000)) >= 0) {
            throw new IllegalArgumentException("weight");
        }
        return w;
    }

    /** "UNIT-CODE percent" per line (a nämnd or bolag by its code); unknown codes are bad input. */
    private Map<Long, BigDecimal> fixedShares() {
        Map<Long, BigDecimal> shares = new TreeMap<>();
        if (fixed == null) {
            return shares;
        }
        for (String line : fixed.split("\\R")) {
            String l = line.trim();
            if (l.isEmpty()) {
                continue;
            }
            String[] parts = l.split("[\\s;]+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("fixed");
            }
            Long id = ownerIds.get(parts[0].toUpperCase(Locale.ROOT));
            if (id == null) {
                throw new IllegalArgumentException("unit");
            }
            BigDecimal percent = weight(parts[1].replace("%", ""));
            if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0 || shares.containsKey(id)) {
                throw new IllegalArgumentException("percent");
            }
            shares.put(id, percent);
        }
        return shares;
    }

    public boolean isFinance() {
        return SetupScreen.finance();
    }

    public List<ChargebackViews.KeyVersionView> getVersions() {
        return versions;
    }

    /** The runs that used a version (period and state). */
    public List<ChargebackViews.RunView> runsOf(long versionId) {
        return runsByVersion.getOrDefault(versionId, List.of());
    }

    public String getValidFrom() {
        return validFrom;
    }

    public void setValidFrom(String validFrom) {
        this.validFrom = validFrom;
    }

    public String getGuld() {
        return guld;
    }

    public void setGuld(String guld) {
        this.guld = guld;
    }

    public String getSilver() {
        return silver;
    }

    public void setSilver(String silver) {
        this.silver = silver;
    }

    public String getBrons() {
        return brons;
    }

    public void setBrons(String brons) {
        this.brons = brons;
    }

    public String getKoppar() {
        return koppar;
    }

    public void setKoppar(String koppar) {
        this.koppar = koppar;
    }

    public String getPupil() {
        return pupil;
    }

    public void setPupil(String pupil) {
        this.pupil = pupil;
    }

    public String getDecidedBy() {
        return decidedBy;
    }

    public void setDecidedBy(String decidedBy) {
        this.decidedBy = decidedBy;
    }

    public String getDecidedOn() {
        return decidedOn;
    }

    public void setDecidedOn(String decidedOn) {
        this.decidedOn = decidedOn;
    }

    public String getReference() {
        return reference;
    }

    public void setReference(String reference) {
        this.reference = reference;
    }

    public String getFixed() {
        return fixed;
    }

    public void setFixed(String fixed) {
        this.fixed = fixed;
    }
}
