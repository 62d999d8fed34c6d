package io.orderpipeline.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextValidatorTest {

    @Test
    void acceptsTextEveryStoreCanHold() {
        assertThat(StorableTextValidator.problemWith("c-1 ünïcödé 😀", 20)).isNull();
        assertThat(StorableTextValidator.problemWith(null, 1)).isNull();
    }

    @Test
    void refusesNul() {
        assertThat(StorableTextValidator.problemWith("a\u0000b", 200)).contains("U+0000");
    }

    @Test
    void refusesUnpairedSurrogatesEitherWay() {
        assertThat(StorableTextValidator.problemWith("a\ud800b", 200)).contains("surrogate");
        assertThat(StorableTextValidator.problemWith("a\udc00", 200)).contains("surrogate");
        assertThat(StorableTextValidator.problemWith("\ud800", 200)).contains("surrogate");
    }

    @Test
    void countsCharactersAsPostgreSqlDoes() {
        String fiveEmoji = "😀".repeat(5); // ten UTF-16 units, five characters
        assertThat(StorableTextValidator.problemWith(fiveEmoji, 5)).isNull();
        assertThat(StorableTextValidator.problemWith(fiveEmoji + "x", 5)).isEqualTo("must be at most 5 characters");
    }
}
