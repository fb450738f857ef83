/*
 * {{name}}: a Lamport program in C.
 *
 * It keeps one value per account (authority: 32 bytes, value: u64), which
 * only the account's authority can change.
 *
 *   0 Hello                          logs a greeting
 *   1 Set { value: u64 }             [value WRITE, authority SIGNER]
 */
#include <lamport.h>

#define HELLO 0
#define SET 1
#define VALUE_LEN 40

/* Custom(0) has its own encoding; Custom(n) for n > 0 is plain n. */
#define ERROR_WRONG_AUTHORITY ERROR_CUSTOM_ZERO
#define ERROR_NOT_OWNED 1

static bool is_zero(const SolPubkey *key) {
  for (int i = 0; i < SIZE_PUBKEY; i++) {
    if (key->x[i] != 0) {
      return false;
    }
  }
  return true;
}

static uint64_t set(const SolParameters *params, uint64_t value) {
  if (params->ka_num < 2) {
    return ERROR_NOT_ENOUGH_ACCOUNT_KEYS;
  }
  SolAccountInfo *account = &params->ka[0];
  SolAccountInfo *authority = &params->ka[1];
  if (!SolPubkey_same(account->owner, params->program_id)) {
    return ERROR_NOT_OWNED;
  }
  if (!authority->is_signer) {
    return ERROR_MISSING_REQUIRED_SIGNATURES;
  }
  if (account->data_len < VALUE_LEN) {
    return ERROR_ACCOUNT_DATA_TOO_SMALL;
  }
  SolPubkey *stored = (SolPubkey *)account->data;
  if (is_zero(stored)) {
    sol_memcpy(stored, authority->key, SIZE_PUBKEY);
  } else if (!SolPubkey_same(stored, authority->key)) {
    return ERROR_WRONG_AUTHORITY;
  }
  sol_memcpy(account->data + SIZE_PUBKEY, &value, sizeof(value));
  sol_log_64(value, 0, 0, 0, 0);
  return SUCCESS;
}

uint64_t entrypoint(const uint8_t *input) {
  SolAccountInfo accounts[2];
  SolParameters params = {.ka = accounts};
  if (!sol_deserialize(input, &params, SOL_ARRAY_SIZE(accounts))) {
    return ERROR_INVALID_ARGUMENT;
  }
  if (params.data_len == 1 && params.data[0] == HELLO) {
    sol_log("Hello from {{name}}!");
    return SUCCESS;
  }
  if (params.data_len == 9 && params.data[0] == SET) {
    uint64_t value;
    sol_memcpy(&value, params.data + 1, sizeof(value));
    return set(&params, value);
  }
  return ERROR_INVALID_INSTRUCTION_DATA;
}
