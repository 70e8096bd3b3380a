package se.nyckeln.licensing.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;
import se.nyckeln.platform.problem.BusinessException;
import se.nyckeln.platform.security.AccessScope;
import se.nyckeln.platform.time.ClockProvider;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading the usage evidence: per person or device and product, the last use and its report, and whether the
 * Microsoft 365 tenant lists the product for the person (admin center export). A unit viewer sees only holders
 * who belong, today, to one of its units.
 */
@Stateless
public class UsageEvidence {

    static final int LIMIT = 5000;

    @PersistenceContext(unitName = "nyckeln")
    private EntityManager em;

    @jakarta.ejb.EJB
    private AccessScope access;

    @Inject
    private ClockProvider clock;

    /** {@code inTenant}/{@code blocked} only for people (the export lists accounts); lastActivity null: never seen. */
    public record Usage(long productId, String productName, String sku, Long personId, String upn, Long deviceId,
                        String serialNumber, Long unitId, LocalDate lastActivity, String source, boolean inTenant,
                        Boolean blocked) {
    }

    public List<Usage> usage(Long personId, Long deviceId, Long productId) {
        if (personId == null && deviceId == null && productId == null) {
            throw new BusinessException(400, "usage-filter-required", "personId");
        }
        Long[] visible = access.current().idsOrNull();
        LocalDate today = clock.today();
        String sql = "WITH par AS (SELECT CAST(? AS bigint) AS person, CAST(? AS bigint) AS device,"
                + " CAST(? AS bigint) AS product, CAST(? AS date) AS d, CAST(? AS bigint[]) AS ids),"
                + " u AS (SELECT l.* FROM licence_usage l, par WHERE (par.person IS NULL OR l.person_id = par.person)"
                + "   AND (par.device IS NULL OR l.device_id = par.device) AND (par.product IS NULL OR l.product_id = par.product)),"
                + " t AS (SELECT x.* FROM tenant_licence x, par WHERE par.device IS NULL"
                + "   AND (par.person IS NULL OR x.person_id = par.person) AND (par.product IS NULL OR x.product_id = par.product)),"
                + " rows AS (SELECT coalesce(u.product_id, t.product_id) AS product_id, coalesce(u.person_id, t.person_id) AS person_id,"
                + "   u.device_id, u.last_activity, u.source, t.id IS NOT NULL AS in_tenant, t.blocked"
                + "   FROM u FULL JOIN t ON t.product_id = u.product_id AND t.person_id = u.person_id)"
                + " SELECT r.product_id, p.name, p.sku, r.person_id, pe.upn, r.device_id, dv.serial_number, m.unit_id,"
                + "   r.last_activity, r.source, r.in_tenant, r.blocked"
                + " FROM rows r CROSS JOIN par JOIN product p ON p.id = r.product_id"
                + " LEFT JOIN person pe ON pe.id = r.person_id LEFT JOIN device dv ON dv.id = r.device_id"
                + " LEFT JOIN LATERAL (SELECT pm.unit_id FROM person_membership pm WHERE pm.person_id = r.person_id"
                + "     AND pm.valid_from <= par.d AND (pm.valid_to IS NULL OR pm.valid_to >= par.d)"
                + "   UNION ALL SELECT dm.unit_id FROM device_membership dm WHERE dm.device_id = r.device_id"
                + "     AND dm.valid_from <= par.d AND (dm.valid_to IS NULL OR dm.valid_to >= par.d)) m ON true"
                + " WHERE par.ids IS NULL OR m.unit_id = ANY (par.ids)"
                + " ORDER BY p.name, pe.upn, dv.serial_number LIMIT " + LIMIT;
        return em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, personId);
                ps.setObject(2, deviceId);
                ps.setObject(3, productId);
                ps.setObject(4, today);
                ps.setArray(5, visible == null ? null : c.createArrayOf("bigint", visible));
                List<Usage> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Date last = rs.getDate(9);
                        out.add(new Usage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, Long.class),
                                rs.getString(5), rs.getObject(6, Long.class), rs.getString(7), rs.getObject(8, Long.class),
                                last == null ? null : last.toLocalDate(), rs.getString(10), rs.getBoolean(11),
                                (Boolean) rs.getObject(12)));
                    }
                }
                return out;
            }
        });
    }
}
