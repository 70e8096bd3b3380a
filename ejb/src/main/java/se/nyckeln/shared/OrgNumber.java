package se.nyckeln.shared;

/**
 * A Swedish organisationsnummer, {@code NNNNNN-NNNK}: ten digits whose last is a Luhn check digit over the first
 * nine, and whose third digit is at least 2 (which tells it from a personnummer). The first digit is the legal
 * form (2 = stat, region, kommun; 5 = aktiebolag, ...).
 */
public record OrgNumber(String digits) {

    public OrgNumber {
        if (digits == null || !digits.matches("\\d{10}")) {
            throw new IllegalArgumentException("an organisationsnummer has ten digits");
        }
        if (digits.charAt(2) < '2') {
            throw new IllegalArgumentException("the third digit of an organisationsnummer is at least 2");
        }
        if (luhnCheckDigit(digits.substring(0, 9)) != digits.charAt(9) - '0') {
            throw new IllegalArgumentException("the check digit of the organisationsnummer is wrong");
        }
    }

    /** Accepts {@code 556677-8899}, {@code 5566778899} and the 12-digit form {@code 16556677-8899}. */
    public static OrgNumber parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("an organisationsnummer is required");
        }
        String d = text.trim().replace("-", "").replace(" ", "");
        if (d.length() == 12 && d.startsWith("16")) {
            d = d.substring(2);
        }
        return new OrgNumber(d);
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Luhn over the digits, weights 2,1,2,1... from the left; K = (10 - sum mod 10) mod 10. */
    public static int luhnCheckDigit(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < nineDigits.length(); i++) {
            int d = nineDigits.charAt(i) - '0';
            int p = d * (i % 2 == 0 ? 2 : 1);
            sum += p > 9 ? p - 9 : p;
        }
        return (10 - sum % 10) % 10;
    }

    public int legalFormDigit() {
        return digits.charAt(0) - '0';
    }

    /** The legal form's Swedish name, from the first digit. */
    public String legalForm() {
        return switch (legalFormDigit()) {
            case 1 -> "Dödsbo";
            case 2 -> "Stat, region, kommun, församling";
            case 3 -> "Utländskt företag";
            case 5 -> "Aktiebolag";
            case 6 -> "Enkelt bolag";
            case 7 -> "Ekonomisk förening";
            case 8 -> "Ideell förening eller stiftelse";
            case 9 -> "Handelsbolag eller kommanditbolag";
            default -> "Okänd";
        };
    }

    /** VAT number: SE + ten digits + 01. */
    public String vatNumber() {
        return "SE" + digits + "01";
    }

    /** {@code NNNNNN-NNNK}. */
    public String formatted() {
        return digits.substring(0, 6) + "-" + digits.substring(6);
    }

    @Override
    public String toString() {
        return formatted();
    }
}
