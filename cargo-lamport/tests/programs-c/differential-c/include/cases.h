/*
 * Cases the toolchain must compile exactly: each reads operands from a
 * payload and writes a byte string. The test runs every case natively
 * (gcc) and as BPF (clang + the link stage, in solana_rbpf's interpreter
 * and JIT) and compares the bytes.
 *
 * BPF input buffer: u32 case | u32 len | payload; the result is written at
 * OUTPUT_OFFSET as u64 len | bytes.
 */
#ifndef CASES_H
#define CASES_H

#include <stdint.h>

/* Where the BPF entrypoint writes its result in the input region. */
#define OUTPUT_OFFSET 8192
/* Largest result. */
#define OUTPUT_MAX 4096
/* Largest payload. */
#define PAYLOAD_MAX 256
/* Size of the payload every case expects (shorter payloads read as zeros). */
#define PAYLOAD_SIZE 32

/* Runs case `id` on `payload` (PAYLOAD_SIZE bytes), writes into `out`
 * (OUTPUT_MAX bytes); returns the number of bytes written, or 0 for an
 * unknown case. */
uint64_t run_case(uint32_t id, const uint8_t *payload, uint8_t *out);

/* Number of cases. */
uint32_t case_count(void);

#endif
