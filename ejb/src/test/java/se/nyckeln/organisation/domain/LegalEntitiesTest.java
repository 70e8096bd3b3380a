package se.nyckeln.organisation.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LegalEntitiesTest {

    private static LegalEntities.Node n(long id, UnitKind kind, Long parent) {
        return new LegalEntities.Node(id, kind, parent);
    }

    @Test
    void nearestBolagOrKommunUpTheTreeIsTheLegalEntity() {
        Map<Long, LegalEntities.Node> tree = Map.of(
                1L, n(1, UnitKind.KOMMUN, null),
                2L, n(2, UnitKind.STADSDELSNAMND, 1L),
                3L, n(3, UnitKind.SUBUNIT, 2L),
                4L, n(4, UnitKind.BOLAG, 1L),
                5L, n(5, UnitKind.SUBUNIT, 4L),
                6L, n(6, UnitKind.SUBUNIT, 5L));
        Map<Long, Long> le = LegalEntities.resolve(tree);
        assertEquals(1L, le.get(1L));
        assertEquals(1L, le.get(2L), "a nämnd is the kommun's legal entity");
        assertEquals(1L, le.get(3L));
        assertEquals(4L, le.get(4L));
        assertEquals(4L, le.get(6L), "a bolag's sub-sub-unit belongs to the bolag");
    }

    @Test
    void aLoopWithoutLegalEntityResolvesToNothing() {
        Map<Long, LegalEntities.Node> tree = Map.of(1L, n(1, UnitKind.SUBUNIT, 2L), 2L, n(2, UnitKind.SUBUNIT, 1L));
        assertFalse(LegalEntities.resolve(tree).containsKey(1L));
    }
}
