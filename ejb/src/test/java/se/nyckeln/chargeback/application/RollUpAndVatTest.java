package se.nyckeln.chargeback.application;

import org.junit.jupiter.api.Test;
import se.nyckeln.chargeback.infrastructure.ChargebackStore.UnitRow;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Who an item is charged to, and VAT rounding on the invoice basis. */
class RollUpAndVatTest {

    private static final Map<Long, UnitRow> UNITS = Map.of(
            1L, new UnitRow(1, "KOMMUN", "KOMMUN", "2120000142", null, "Kommunen", null),
            2L, new UnitRow(2, "SDN-A", "STADSDELSNAMND", null, 1L, "A", "1101"),
            3L, new UnitRow(3, "SDN-A-FSK", "SUBUNIT", null, 2L, "A förskola", null),
            4L, new UnitRow(4, "SDN-A-FSK-1", "SUBUNIT", null, 3L, "A förskola 1", null),
            5L, new UnitRow(5, "BOLAG", "BOLAG", "5560360793", 1L, "Bolaget", null),
            6L, new UnitRow(6, "LOOP-1", "SUBUNIT", null, 7L, "x", null),
            7L, new UnitRow(7, "LOOP-2", "SUBUNIT", null, 6L, "y", null));

    @Test
    void itemsOfSubUnitsAreChargedToTheNamndAbove() {
        assertEquals(2, ChargebackRuns.chargeable(UNITS, 4));
        assertEquals(2, ChargebackRuns.chargeable(UNITS, 3));
        assertEquals(2, ChargebackRuns.chargeable(UNITS, 2));
        assertEquals(5, ChargebackRuns.chargeable(UNITS, 5));
    }

    @Test
    void theKommunItselfAndBrokenChainsAreNotChargeable() {
        assertEquals(-1, ChargebackRuns.chargeable(UNITS, 1));
        assertEquals(-1, ChargebackRuns.chargeable(UNITS, 6)); // a parent cycle ends, it does not loop
        assertEquals(-1, ChargebackRuns.chargeable(UNITS, 99));
    }

    @Test
    void vatIsRoundedHalfUpAwayFromZero() {
        assertEquals(63, ChargebackExports.vat(250, 250));   // 62,5 → 63
        assertEquals(-63, ChargebackExports.vat(-250, 250));
        assertEquals(62, ChargebackExports.vat(249, 250));   // 62,25 → 62
        assertEquals(0, ChargebackExports.vat(1000, 0));
        assertEquals(125, ChargebackExports.vat(1000, 125));
    }

    @Test
    void orgNumbersGetTheirHyphen() {
        assertEquals("212000-0142", ChargebackExports.orgNr("2120000142"));
        assertNull(ChargebackExports.orgNr(null));
    }
}
