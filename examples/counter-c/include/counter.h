/* The counter's account layout and instruction data. */
#ifndef COUNTER_H
#define COUNTER_H

#include <stdbool.h>
#include <stdint.h>

/* Bytes of account data the counter uses: one little-endian u64. */
#define COUNTER_SIZE 8

/* Reads a little-endian u64. */
static inline uint64_t counter_read(const uint8_t *bytes) {
  uint64_t value = 0;
  for (int i = COUNTER_SIZE - 1; i >= 0; i--) {
    value = (value << 8) | bytes[i];
  }
  return value;
}

/* Writes a little-endian u64. */
static inline void counter_write(uint8_t *bytes, uint64_t value) {
  for (int i = 0; i < COUNTER_SIZE; i++) {
    bytes[i] = (uint8_t)(value >> (8 * i));
  }
}

/* The amount to add: 1 for empty data, else the u64 it holds. False for any other length. */
static inline bool counter_amount(const uint8_t *data, uint64_t len, uint64_t *amount) {
  if (len == 0) {
    *amount = 1;
    return true;
  }
  if (len != COUNTER_SIZE) {
    return false;
  }
  *amount = counter_read(data);
  return true;
}

#endif
