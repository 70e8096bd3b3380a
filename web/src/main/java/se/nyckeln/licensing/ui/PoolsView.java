package se.nyckeln.licensing.ui;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import se.nyckeln.licensing.application.Allocations;
import se.nyckeln.licensing.application.LicencePositions;
import se.nyckeln.licensing.application.LicensingCommands;
import se.nyckeln.organisation.application.OrgTree;
import se.nyckeln.organisation.application.UnitNode;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.Role;
import se.nyckeln.platform.ui.LocaleView;

import java.io.Serializable;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Pools with entitled, allocated, assigned and in-use seats (the licence position today), a product's position by
 * unit, and the reallocation form. A unit viewer gets only its own units' rows (the city-wide figures are not
 * for it, as over REST).
 */
@Named
@ViewScoped
public class PoolsView implements Serializable {

    static final int IN_USE_DAYS = 90;

    @EJB
    private LicencePositions positions;

    @EJB
    private Allocations allocations;

    @EJB
    private OrgTree org;

    @Inject
    private LocaleView texts;

    @Inject
    private transient Clock clock;

    private List<LicencePositions.PoolPosition> pools = List.of();
    private List<LicencePositions.UnitPosition> units = List.of();
    private Map<Long, String> unitCodes = Map.of();
    private Long poolId;
    private Long fromUnitId;
    private Long toUnitId;
    private Long quantity;
    private LocalDate from;
    private String reason;

    @PostConstruct
    void init() {
        from = LocalDate.now(clock);
        load();
    }

    public void load() {
        LocalDate today = LocalDate.now(clock);
        boolean viewer = !FacesContext.getCurrentInstance().getExternalContext().isUserInRole(Role.ADMIN)
                && FacesContext.getCurrentInstance().getExternalContext().isUserInRole(Role.VIEWER);
        pools = viewer ? List.of() : positions.pools(today, IN_USE_DAYS);
        units = positions.units(today, IN_USE_DAYS);
        unitCodes = org.asOf(today).stream().collect(Collectors.toMap(UnitNode::id, UnitNode::code, (a, b) -> a));
    }

    /** Shows one pool's position by unit (and preselects it for a reallocation). */
    public void choose(long id) {
        poolId = id;
    }

    public List<LicencePositions.UnitPosition> getUnitRows() {
        return poolId == null ? units : units.stream().filter(u -> u.poolId() == poolId).toList();
    }

    public void reallocate() {
        if (poolId == null || fromUnitId == null || toUnitId == null || quantity == null || from == null
                || reason == null || reason.isBlank()) {
            Messages.info(texts.text("licensing.pools.reallocate.incomplete"));
            return;
        }
        try {
            allocations.reallocate(poolId, new LicensingCommands.Reallocate(fromUnitId, toUnitId, quantity, from, reason));
            Messages.info(texts.text("licensing.pools.reallocate.done", quantity, code(fromUnitId), code(toUnitId), from));
            quantity = null;
            reason = null;
        } catch (BusinessException e) {
            Messages.refused(texts, e);
        }
        load();
    }

    public String code(Long unitId) {
        return unitId == null ? "" : unitCodes.getOrDefault(unitId, String.valueOf(unitId));
    }

    public List<Map.Entry<Long, String>> getUnitChoices() {
        return unitCodes.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList();
    }

    public String kronor(Long ore) {
        return Messages.kronor(ore, texts);
    }

    public List<LicencePositions.PoolPosition> getPools() {
        return pools;
    }

    public Long getPoolId() {
        return poolId;
    }

    public void setPoolId(Long poolId) {
        this.poolId = poolId;
    }

    public Long getFromUnitId() {
        return fromUnitId;
    }

    public void setFromUnitId(Long fromUnitId) {
        this.fromUnitId = fromUnitId;
    }

    public Long getToUnitId() {
        return toUnitId;
    }

    public void setToUnitId(Long toUnitId) {
        this.toUnitId = toUnitId;
    }

    public Long getQuantity() {
        return quantity;
    }

    public void setQuantity(Long quantity) {
        this.quantity = quantity;
    }

    public LocalDate getFrom() {
        return from;
    }

    public void setFrom(LocalDate from) {
        this.from = from;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
