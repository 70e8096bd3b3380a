package se.nyckeln.agreements.domain;

import java.util.List;

/**
 * Why a purchase line got its verdict, as a text key of the explanations bundle
 * ({@code se/nyckeln/agreements/application/explanations*.properties}) and its parameters (agreement
 * references, price-row ids, tiers, amounts in kronor with two decimals, dates), so that any language can word
 * it. The parameters are the line's stored facts; nothing language-bound is stored.
 */
public record Explanation(String key, List<String> args) {

    public Explanation {
        args = List.copyOf(args);
    }
}
