package se.nyckeln.organisation.domain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Every unit's legal entity: walking up its parents, the nearest BOLAG or KOMMUN (a unit that is one is its own).
 * A nämnd is the kommun's legal entity; a bolag's sub-units are the bolag's. Resolved over one day's tree.
 */
public final class LegalEntities {

    private LegalEntities() {
    }

    /** A node of one day's tree, as far as this rule needs it. */
    public record Node(long id, UnitKind kind, Long parentId) {
    }

    /** Unit id → legal entity id; a unit whose chain reaches no legal entity (or loops) is left out. */
    public static Map<Long, Long> resolve(Map<Long, Node> tree) {
        Map<Long, Long> result = new HashMap<>();
        for (Node start : tree.values()) {
            Set<Long> seen = new HashSet<>();
            Node n = start;
            while (n != null && seen.add(n.id())) {
                Long known = result.get(n.id());
                if (known != null) {
                    result.put(start.id(), known);
                    break;
                }
                if (n.kind().isLegalEntity()) {
                    result.put(start.id(), n.id());
                    break;
                }
                n = n.parentId() == null ? null : tree.get(n.parentId());
            }
        }
        return result;
    }
}
