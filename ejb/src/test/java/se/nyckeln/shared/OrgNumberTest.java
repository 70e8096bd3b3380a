package se.nyckeln.shared;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrgNumberTest {

    @Test
    void stockholmsStadIsValidAndAMunicipality() {
        OrgNumber stockholm = OrgNumber.parse("212000-0142");
        assertEquals("2120000142", stockholm.digits());
        assertEquals("212000-0142", stockholm.formatted());
        assertEquals(2, stockholm.legalFormDigit());
        assertEquals("Stat, region, kommun, församling", stockholm.legalForm());
    }

    @Test
    void aktiebolagWithCorrectCheckDigitIsValid() {
        // 556036-079: Luhn over the nine digits gives check digit 3
        OrgNumber bolag = OrgNumber.parse("556036-0793");
        assertEquals("Aktiebolag", bolag.legalForm());
        assertTrue(OrgNumber.isValid("5560360793"));
    }

    @Test
    void wrongCheckDigitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> OrgNumber.parse("212000-0143"));
        assertThrows(IllegalArgumentException.class, () -> OrgNumber.parse("556036-0794"));
        assertFalse(OrgNumber.isValid("556036-0790"));
    }

    @Test
    void thirdDigitBelowTwoIsAPersonnummerNotAnOrganisation() {
        // 551677-8890 has a correct check digit; only its third digit (1) is wrong
        assertEquals(0, OrgNumber.luhnCheckDigit("551677889"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OrgNumber.parse("551677-8890"));
        assertTrue(e.getMessage().contains("third digit"), e.getMessage());
    }

    @Test
    void acceptsTwelveDigitFormAndRefusesOtherLengths() {
        assertEquals(OrgNumber.parse("212000-0142"), OrgNumber.parse("16212000-0142"));
        assertThrows(IllegalArgumentException.class, () -> OrgNumber.parse("212000-014"));
        assertThrows(IllegalArgumentException.class, () -> OrgNumber.parse("21200A-0142"));
        assertThrows(IllegalArgumentException.class, () -> OrgNumber.parse(null));
    }

    @Test
    void vatNumberIsSePlusTenDigitsPlus01() {
        assertEquals("SE212000014201", OrgNumber.parse("212000-0142").vatNumber());
    }

    @Test
    void legalFormFollowsTheFirstDigit() {
        assertEquals("Ideell förening eller stiftelse", OrgNumber.parse("802002-4470").legalForm());
    }
}
