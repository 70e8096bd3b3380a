package se.nyckeln.platform.export;

/**
 * Value types of export columns: TEXT (any object, its toString), INTEGER (Number), DECIMAL (BigDecimal or
 * Number), MONEY_ORE (Long öre, written as kronor with two decimals), DATE (LocalDate), PERCENT (BigDecimal or
 * Number holding a fraction, 0.25 = 25 %).
 */
public enum ColumnType {
    TEXT, INTEGER, DECIMAL, MONEY_ORE, DATE, PERCENT
}
