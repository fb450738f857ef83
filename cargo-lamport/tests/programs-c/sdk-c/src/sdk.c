/*
 * Exercises lamport.h through the runtime. The first byte of the
 * instruction data selects a check; results come back as return data.
 *
 *   0  sha256 of data[1..] hashed as two slices         → return the hash
 *   1  PDA of seeds ("vault", data[1..])                 → return address ‖ bump
 *   2  transfer u64 data[1..9] lamports from the PDA
 *      ("vault", bump = data[9]) to account 1 by CPI
 *      into the system program (account 2)
 *   3  Clock and Rent sysvars                            → slot ‖ unix_timestamp ‖ lamports_per_byte_year ‖ burn_percent
 *   4  the parsed accounts: per account, the index of the first account
 *      with the same key pointer, is_signer, is_writable, executable,
 *      lamports, data_len                                → return them
 *   5  heap: sol_calloc blocks are zeroed, aligned, disjoint
 *   6  sol_assert(false)                                 → panics
 *   7  logs: sol_log_64, sol_log_pubkey, sol_log_data, memory helpers
 *   8  return data round trip through sol_get_return_data
 */
#include <lamport.h>

#define MAX_RETURN 256

static const uint8_t VAULT[] = {'v', 'a', 'u', 'l', 't'};

static void put_u64(uint8_t *out, uint64_t value) {
  for (int i = 0; i < 8; i++) {
    out[i] = (uint8_t)(value >> (8 * i));
  }
}

static uint64_t get_u64(const uint8_t *in) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; i--) {
    value = (value << 8) | in[i];
  }
  return value;
}

static uint64_t hash(const SolParameters *params) {
  const uint8_t *body = params->data + 1;
  uint64_t len = params->data_len - 1;
  uint64_t half = len / 2;
  SolBytes slices[2] = {{body, half}, {body + half, len - half}};
  uint8_t out[32];
  sol_sha256(slices, 2, out);
  sol_set_return_data(out, sizeof(out));
  return SUCCESS;
}

static uint64_t find_pda(const SolParameters *params) {
  SolSignerSeed seeds[2] = {{VAULT, sizeof(VAULT)}, {params->data + 1, params->data_len - 1}};
  uint8_t out[33];
  SolPubkey address;
  uint8_t bump = 0;
  if (sol_try_find_program_address(seeds, 2, params->program_id, &address, &bump) != 0) {
    return ERROR_INVALID_SEEDS;
  }
  /* The same address again, from the bump. */
  SolSignerSeed with_bump[3] = {seeds[0], seeds[1], {&bump, 1}};
  SolPubkey again;
  sol_assert(sol_create_program_address(with_bump, 3, params->program_id, &again) == 0);
  sol_assert(SolPubkey_same(&address, &again));
  sol_memcpy(out, address.x, 32);
  out[32] = bump;
  sol_set_return_data(out, sizeof(out));
  return SUCCESS;
}

static uint64_t transfer_from_pda(const SolParameters *params) {
  if (params->ka_num < 3) {
    return ERROR_NOT_ENOUGH_ACCOUNT_KEYS;
  }
  if (params->data_len != 10) {
    return ERROR_INVALID_INSTRUCTION_DATA;
  }
  uint64_t lamports = get_u64(params->data + 1);
  uint8_t bump = params->data[9];
  SolAccountInfo *from = &params->ka[0];
  SolAccountInfo *to = &params->ka[1];
  SolAccountInfo *system = &params->ka[2];

  SolAccountMeta metas[2] = {{from->key, true, true}, {to->key, true, false}};
  uint8_t data[12] = {2, 0, 0, 0};
  put_u64(data + 4, lamports);
  SolInstruction instruction = {system->key, metas, SOL_ARRAY_SIZE(metas), data, sizeof(data)};
  SolSignerSeed seeds[2] = {{VAULT, sizeof(VAULT)}, {&bump, 1}};
  SolSignerSeeds signers[1] = {{seeds, SOL_ARRAY_SIZE(seeds)}};
  return sol_invoke_signed(&instruction, params->ka, params->ka_num, signers, SOL_ARRAY_SIZE(signers));
}

static uint64_t sysvars(void) {
  SolClock clock;
  SolRent rent;
  if (sol_get_clock_sysvar(&clock) != 0 || sol_get_rent_sysvar(&rent) != 0) {
    return ERROR_UNSUPPORTED_SYSVAR;
  }
  uint8_t out[25];
  put_u64(out, clock.slot);
  put_u64(out + 8, (uint64_t)clock.unix_timestamp);
  put_u64(out + 16, rent.lamports_per_byte_year);
  out[24] = rent.burn_percent;
  sol_set_return_data(out, sizeof(out));
  return SUCCESS;
}

static uint64_t accounts(const SolParameters *params) {
  uint8_t out[MAX_RETURN];
  uint64_t n = 0;
  for (uint64_t i = 0; i < params->ka_num && n + 20 <= sizeof(out); i++) {
    const SolAccountInfo *account = &params->ka[i];
    uint8_t first = 0;
    while (params->ka[first].key != account->key) {
      first++;
    }
    out[n++] = first;
    out[n++] = account->is_signer;
    out[n++] = account->is_writable;
    out[n++] = account->executable;
    put_u64(out + n, *account->lamports);
    n += 8;
    put_u64(out + n, account->data_len);
    n += 8;
  }
  sol_set_return_data(out, n);
  return SUCCESS;
}

static uint64_t heap(void) {
  uint64_t *a = sol_calloc(100, sizeof(uint64_t));
  uint8_t *b = sol_calloc(3, 1);
  uint64_t *c = sol_calloc(1, sizeof(uint64_t));
  sol_assert(a != NULL && b != NULL && c != NULL);
  sol_assert(((uint64_t)a % 8) == 0 && ((uint64_t)b % 8) == 0 && ((uint64_t)c % 8) == 0);
  sol_assert((uint8_t *)c + 8 <= b && b + 3 <= (uint8_t *)a);
  for (int i = 0; i < 100; i++) {
    sol_assert(a[i] == 0);
    a[i] = ~(uint64_t)0;
  }
  sol_assert(b[0] == 0 && b[1] == 0 && b[2] == 0 && *c == 0);
  sol_assert(sol_calloc(HEAP_LENGTH, 1) == NULL);
  sol_assert(sol_calloc((uint64_t)1 << 62, 16) == NULL);
  return SUCCESS;
}

static uint64_t logs(const SolParameters *params) {
  sol_log_64(1, 2, 3, 4, 0xabcdef);
  sol_log_pubkey(params->program_id);
  const uint8_t one[] = {'a', 'b'};
  const uint8_t two[] = {0xff};
  SolBytes items[2] = {{one, sizeof(one)}, {two, sizeof(two)}};
  sol_log_data(items, 2);

  uint8_t bytes[16];
  sol_memset(bytes, 0x5a, sizeof(bytes));
  sol_assert(bytes[0] == 0x5a && bytes[15] == 0x5a);
  for (int i = 0; i < 16; i++) {
    bytes[i] = (uint8_t)i;
  }
  sol_memmove(bytes + 1, bytes, 8);
  sol_assert(bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 1 && bytes[8] == 7 && bytes[9] == 9);
  uint8_t copy[16];
  sol_memcpy(copy, bytes, sizeof(bytes));
  sol_assert(sol_memcmp(copy, bytes, sizeof(bytes)) == 0);
  copy[3] = 0;
  sol_assert(sol_memcmp(copy, bytes, sizeof(bytes)) < 0);
  sol_assert(sol_strlen("four") == 4);
  sol_log("logs done");
  return SUCCESS;
}

static uint64_t return_data(const SolParameters *params) {
  const uint8_t data[3] = {7, 8, 9};
  sol_set_return_data(data, sizeof(data));
  uint8_t back[8] = {0};
  SolPubkey setter;
  uint64_t len = sol_get_return_data(back, sizeof(back), &setter);
  sol_assert(len == 3);
  sol_assert(back[0] == 7 && back[1] == 8 && back[2] == 9 && back[3] == 0);
  sol_assert(SolPubkey_same(&setter, params->program_id));
  sol_assert(sol_get_stack_height() == 1);
  sol_assert(sol_remaining_compute_units() > 0);
  return SUCCESS;
}

uint64_t entrypoint(const uint8_t *input) {
  SolAccountInfo accounts_array[8];
  SolParameters params = {.ka = accounts_array};
  if (!sol_deserialize(input, &params, SOL_ARRAY_SIZE(accounts_array))) {
    return ERROR_INVALID_ARGUMENT;
  }
  if (params.data_len == 0) {
    return ERROR_INVALID_INSTRUCTION_DATA;
  }
  if (params.ka_num > SOL_ARRAY_SIZE(accounts_array)) {
    return ERROR_NOT_ENOUGH_ACCOUNT_KEYS;
  }
  switch (params.data[0]) {
    case 0:
      return hash(&params);
    case 1:
      return find_pda(&params);
    case 2:
      return transfer_from_pda(&params);
    case 3:
      return sysvars();
    case 4:
      return accounts(&params);
    case 5:
      return heap();
    case 6:
      sol_assert(params.data_len == 0);
      return SUCCESS;
    case 7:
      return logs(&params);
    case 8:
      return return_data(&params);
    default:
      return ERROR_INVALID_INSTRUCTION_DATA;
  }
}
