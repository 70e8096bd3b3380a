package se.nyckeln.platform.security;

import java.util.Set;

/** The organisation units a caller may see: all of them, or exactly these ids. */
public record UnitScope(boolean unrestricted, Set<Long> unitIds) {

    public UnitScope {
        unitIds = unitIds == null ? Set.of() : Set.copyOf(unitIds);
    }

    public static UnitScope all() {
        return new UnitScope(true, Set.of());
    }

    public static UnitScope of(Set<Long> ids) {
        return new UnitScope(false, ids);
    }

    public boolean permits(Long unitId) {
        return unrestricted || (unitId != null && unitIds.contains(unitId));
    }

    /** For SQL: an array of visible ids, or null when unrestricted. */
    public Long[] idsOrNull() {
        return unrestricted ? null : unitIds.toArray(new Long[0]);
    }
}
