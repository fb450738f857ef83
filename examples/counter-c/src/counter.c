/*
 * A counter in C: adds to a little-endian u64 at the start of an account's
 * data.
 *
 * Accounts:
 *   0. [WRITE] the counter, owned by this program, at least 8 bytes of data
 *
 * Instruction data: empty (add 1) or a little-endian u64 amount to add.
 *
 * Errors: ERROR_NOT_ENOUGH_ACCOUNT_KEYS without an account,
 * ERROR_INCORRECT_PROGRAM_ID when this program does not own it,
 * ERROR_INVALID_ARGUMENT when it is not writable,
 * ERROR_ACCOUNT_DATA_TOO_SMALL below 8 bytes, ERROR_INVALID_INSTRUCTION_DATA
 * for data of another length than 0 or 8, ERROR_ARITHMETIC_OVERFLOW when the
 * counter would wrap.
 */
#include <lamport.h>

#include "counter.h"

uint64_t entrypoint(const uint8_t *input) {
  SolAccountInfo accounts[1];
  SolParameters params = {.ka = accounts};
  if (!sol_deserialize(input, &params, SOL_ARRAY_SIZE(accounts))) {
    return ERROR_INVALID_ARGUMENT;
  }
  if (params.ka_num < 1) {
    return ERROR_NOT_ENOUGH_ACCOUNT_KEYS;
  }
  SolAccountInfo *counter = &accounts[0];
  if (!SolPubkey_same(counter->owner, params.program_id)) {
    return ERROR_INCORRECT_PROGRAM_ID;
  }
  if (!counter->is_writable) {
    return ERROR_INVALID_ARGUMENT;
  }
  if (counter->data_len < COUNTER_SIZE) {
    return ERROR_ACCOUNT_DATA_TOO_SMALL;
  }

  uint64_t amount;
  if (!counter_amount(params.data, params.data_len, &amount)) {
    return ERROR_INVALID_INSTRUCTION_DATA;
  }
  uint64_t value = counter_read(counter->data);
  if (value + amount < value) {
    return ERROR_ARITHMETIC_OVERFLOW;
  }
  value += amount;
  counter_write(counter->data, value);
  sol_log_64(0, 0, 0, amount, value);
  return SUCCESS;
}
