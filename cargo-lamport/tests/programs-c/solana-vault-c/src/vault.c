/**
 * A lamport vault written against Solana's C SDK names only
 * (`#include <solana_sdk.h>`): each payer has a vault, the program address
 * derived from the seeds ["vault", payer, bump].
 *
 * Instruction data: tag (u8), bump (u8), lamports (u64, little-endian).
 *   0 deposit:  system transfer payer -> vault (`sol_invoke`)
 *   1 withdraw: system transfer vault -> payer, the program signing for the
 *               vault (`sol_invoke_signed`)
 * Accounts: [0] payer (signer, writable), [1] vault (writable),
 *           [2] the system program.
 */
#include <solana_sdk.h>

#define TAG_DEPOSIT 0
#define TAG_WITHDRAW 1
#define SYSTEM_TRANSFER 2

static const uint8_t VAULT_SEED[] = {'v', 'a', 'u', 'l', 't'};

static uint64_t transfer(SolAccountInfo *from, SolAccountInfo *to, SolAccountInfo *system, uint64_t lamports,
                         const SolSignerSeeds *signers, int signers_len) {
  SolAccountMeta metas[] = {{from->key, true, true}, {to->key, true, false}};
  uint8_t data[12];
  sol_memset(data, 0, sizeof(data));
  uint32_t tag = SYSTEM_TRANSFER;
  sol_memcpy(data, &tag, sizeof(tag));
  sol_memcpy(data + sizeof(tag), &lamports, sizeof(lamports));
  SolInstruction instruction = {system->key, metas, SOL_ARRAY_SIZE(metas), data, sizeof(data)};
  SolAccountInfo infos[] = {*from, *to, *system};
  if (signers_len == 0) {
    return sol_invoke(&instruction, infos, SOL_ARRAY_SIZE(infos));
  }
  return sol_invoke_signed(&instruction, infos, SOL_ARRAY_SIZE(infos), signers, signers_len);
}

extern uint64_t entrypoint(const uint8_t *input) {
  SolAccountInfo accounts[3];
  SolParameters params = (SolParameters){.ka = accounts};
  if (!sol_deserialize(input, &params, SOL_ARRAY_SIZE(accounts))) {
    return ERROR_INVALID_ARGUMENT;
  }
  if (params.ka_num < SOL_ARRAY_SIZE(accounts)) {
    return ERROR_NOT_ENOUGH_ACCOUNT_KEYS;
  }
  if (params.data_len != 10) {
    return ERROR_INVALID_INSTRUCTION_DATA;
  }
  SolAccountInfo *payer = &accounts[0];
  SolAccountInfo *vault = &accounts[1];
  if (!payer->is_signer) {
    sol_log("the payer must sign");
    return ERROR_MISSING_REQUIRED_SIGNATURES;
  }
  uint8_t bump = params.data[1];
  uint64_t lamports;
  sol_memcpy(&lamports, params.data + 2, sizeof(lamports));

  const SolSignerSeed seeds[] = {{VAULT_SEED, sizeof(VAULT_SEED)}, {payer->key->x, SIZE_PUBKEY}, {&bump, 1}};
  SolPubkey expected;
  if (sol_create_program_address(seeds, SOL_ARRAY_SIZE(seeds), params.program_id, &expected) != SUCCESS ||
      !SolPubkey_same(&expected, vault->key)) {
    sol_log("not this payer's vault:");
    sol_log_pubkey(vault->key);
    return INVALID_SEEDS;
  }

  uint64_t result;
  switch (params.data[0]) {
  case TAG_DEPOSIT:
    result = transfer(payer, vault, &accounts[2], lamports, NULL, 0);
    break;
  case TAG_WITHDRAW: {
    const SolSignerSeeds signers[] = {{seeds, SOL_ARRAY_SIZE(seeds)}};
    result = transfer(vault, payer, &accounts[2], lamports, signers, SOL_ARRAY_SIZE(signers));
    break;
  }
  default:
    return ERROR_INVALID_INSTRUCTION_DATA;
  }
  if (result != SUCCESS) {
    return result;
  }
  sol_log_64(params.data[0], lamports, *vault->lamports, 0, 0);
  return SUCCESS;
}
