/*
 * solana_sdk.h: the names of Solana's C SDK, for C programs written for it.
 *
 * A program written for Solana's C SDK starts with `#include <solana_sdk.h>`
 * and uses `SolParameters`, `SolAccountInfo`, `sol_deserialize`, `sol_log`,
 * `sol_invoke_signed`, `SUCCESS`, `ERROR_*` and so on. All of those are
 * defined once, in lamport.h, under the same names, types and layouts; this
 * header includes it and adds the few spellings only Solana's SDK uses, so
 * such a program builds unchanged with `cargo lamport build <dir>`:
 *
 *     #include <solana_sdk.h>
 *
 *     extern uint64_t entrypoint(const uint8_t *input) {
 *       SolAccountInfo accounts[1];
 *       SolParameters params = (SolParameters){.ka = accounts};
 *       if (!sol_deserialize(input, &params, SOL_ARRAY_SIZE(accounts))) {
 *         return ERROR_INVALID_ARGUMENT;
 *       }
 *       sol_log("Hello!");
 *       return SUCCESS;
 *     }
 */
#ifndef SOLANA_SDK_H
#define SOLANA_SDK_H

#include <lamport.h>

/* Solana's SDK makes `static_assert` available without <assert.h>. */
#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif

/** Signed size, as Solana's SDK declares it. */
typedef int64_t ssize_t;

/** Solana's C SDK name of ERROR_MAX_SEED_LENGTH_EXCEEDED. */
#define MAX_SEED_LENGTH_EXCEEDED ERROR_MAX_SEED_LENGTH_EXCEEDED
/** Solana's C SDK name of ERROR_INVALID_SEEDS. */
#define INVALID_SEEDS ERROR_INVALID_SEEDS

#endif /* SOLANA_SDK_H */
