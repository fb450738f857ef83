/*
 * lamport.h: the Lamport SDK for C programs.
 *
 * A Lamport program in C is a directory with C sources in `src/` (and optionally
 * `include/`), built by `cargo lamport build <dir>` into an SBPF v1 shared
 * object that runs on Lamport and, unchanged, on Solana. Exactly one source
 * defines the entrypoint:
 *
 *     #include <lamport.h>
 *
 *     uint64_t entrypoint(const uint8_t *input) {
 *         SolAccountInfo accounts[1];
 *         SolParameters params = { .ka = accounts };
 *         if (!sol_deserialize(input, &params, SOL_ARRAY_SIZE(accounts))) {
 *             return ERROR_INVALID_ARGUMENT;
 *         }
 *         sol_log("Hello, Lamport!");
 *         return SUCCESS;
 *     }
 *
 * The header is C11 and freestanding: it needs only <stdint.h>, <stddef.h>
 * and <stdbool.h>. Everything in it is a macro, a type, a syscall
 * declaration or a `static inline` function, so including it from several
 * sources is fine.
 *
 * SBPF v1 maps the program read-only: a global variable that the program
 * writes is a build error naming the variable. Keep state in accounts (or on
 * the stack, 4 KiB per call frame, or on the heap: `sol_calloc`).
 *
 * Contents, in order: input buffer layout; error codes; types; syscalls;
 * logging, memory and pubkey helpers; the input parser; CPI; heap.
 */
#ifndef LAMPORT_H
#define LAMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Input buffer layout
 *
 * The runtime calls `entrypoint(input)` with `input` = INPUT_START_ADDRESS,
 * a buffer laid out as follows (little-endian, every entry 8-byte aligned):
 *
 *   offset  size  field
 *   0       8     number of accounts N (at most MAX_INSTRUCTION_ACCOUNTS)
 *   8       ...   N account entries, each either
 *
 *     duplicate entry (DUPLICATE_ENTRY_SIZE = 8 bytes)
 *       +0   1   index of the first occurrence (!= NON_DUP_MARKER)
 *       +1   7   zero padding
 *
 *     account entry (96 + MAX_PERMITTED_DATA_INCREASE + roundup8(data_len))
 *       +0   1   NON_DUP_MARKER (0xFF)
 *       +1   1   is_signer
 *       +2   1   is_writable
 *       +3   1   executable
 *       +4   4   zero (the Rust SDK keeps its original data_len and lamports
 *                 borrow state here)
 *       +8   32  key
 *       +40  32  owner
 *       +72  8   lamports
 *       +80  8   data_len
 *       +88  data_len bytes of data
 *            MAX_PERMITTED_DATA_INCREASE zero bytes (room to grow)
 *            0-7 zero bytes (data_len + padding is a multiple of 8)
 *            8   rent_epoch
 *
 *   then    8     instruction data length L
 *           L     instruction data
 *           32    program id
 *
 * After a successful run the runtime reads back lamports, data_len, data and
 * owner of every account; the names below are those of the Rust SDK's
 * `lamport_sdk::entrypoint` module, and a test checks they agree.
 * ---------------------------------------------------------------------- */

/** Virtual address of the input buffer (`input` at entry). */
#define INPUT_START_ADDRESS UINT64_C(0x400000000)
/** Virtual address of the heap. */
#define HEAP_START_ADDRESS UINT64_C(0x300000000)
/** Default heap size: 32 KiB. */
#define HEAP_LENGTH 32768
/** Most accounts an instruction can have. */
#define MAX_INSTRUCTION_ACCOUNTS 255
/** Default capacity of an entrypoint's accounts array. */
#define MAX_ACCOUNTS 64
/** Size of the leading account count. */
#define NUM_ACCOUNTS_SIZE 8
/** First byte of an account entry that is not a duplicate. */
#define NON_DUP_MARKER 0xFF
/** Size of a duplicate entry. */
#define DUPLICATE_ENTRY_SIZE 8
/** Offset of the duplicate marker / index. */
#define DUP_INFO_OFFSET 0
/** Offset of `is_signer`. */
#define IS_SIGNER_OFFSET 1
/** Offset of `is_writable`. */
#define IS_WRITABLE_OFFSET 2
/** Offset of `executable`. */
#define EXECUTABLE_OFFSET 3
/** Offset of the 4 padding bytes (the Rust SDK records the original data_len there). */
#define ORIGINAL_DATA_LEN_OFFSET 4
/** Offset of the key. */
#define KEY_OFFSET 8
/** Offset of the owner. */
#define OWNER_OFFSET 40
/** Offset of lamports. */
#define LAMPORTS_OFFSET 72
/** Offset of data_len. */
#define DATA_LEN_OFFSET 80
/** Offset of the data. */
#define DATA_OFFSET 88
/** Size of the fixed part of an account entry before the data. */
#define ACCOUNT_HEADER_SIZE DATA_OFFSET
/** Room after the data for the program to grow it. */
#define MAX_PERMITTED_DATA_INCREASE (10 * 1024)
/** Alignment of data regions. */
#define BPF_ALIGN_OF_U128 8
/** Size of the trailing rent epoch. */
#define RENT_EPOCH_SIZE 8
/** Size of the instruction data length. */
#define INSTRUCTION_DATA_LEN_SIZE 8
/** Size of the trailing program id. */
#define PROGRAM_ID_SIZE 32

/** Size of a public key. */
#define SIZE_PUBKEY 32
/** Most seeds of a program-derived address. */
#define MAX_SEEDS 16
/** Longest seed of a program-derived address. */
#define MAX_SEED_LEN 32
/** Largest return data. */
#define MAX_RETURN_DATA 1024

/* ------------------------------------------------------------------------
 * Return values: 0 is success; builtin errors are `code << 32`; any other
 * value below 2^32 is a custom error (`custom program error: 0x..`).
 * ---------------------------------------------------------------------- */

/** Shift of builtin error codes. */
#define BUILTIN_BIT_SHIFT 32
/** The return value of builtin error `code`. */
#define TO_BUILTIN(code) ((uint64_t)(code) << BUILTIN_BIT_SHIFT)

/** Success. */
#define SUCCESS 0
/** `Custom(0)`. */
#define ERROR_CUSTOM_ZERO TO_BUILTIN(1)
/** The arguments provided to a program were invalid. */
#define ERROR_INVALID_ARGUMENT TO_BUILTIN(2)
/** An instruction's data contents was invalid. */
#define ERROR_INVALID_INSTRUCTION_DATA TO_BUILTIN(3)
/** An account's data contents was invalid. */
#define ERROR_INVALID_ACCOUNT_DATA TO_BUILTIN(4)
/** An account's data was too small. */
#define ERROR_ACCOUNT_DATA_TOO_SMALL TO_BUILTIN(5)
/** An account's balance was too small to complete the instruction. */
#define ERROR_INSUFFICIENT_FUNDS TO_BUILTIN(6)
/** The account did not have the expected program id. */
#define ERROR_INCORRECT_PROGRAM_ID TO_BUILTIN(7)
/** A signature was required but not found. */
#define ERROR_MISSING_REQUIRED_SIGNATURES TO_BUILTIN(8)
/** An initialize instruction was sent to an initialized account. */
#define ERROR_ACCOUNT_ALREADY_INITIALIZED TO_BUILTIN(9)
/** An attempt to operate on an account that has not been initialized. */
#define ERROR_UNINITIALIZED_ACCOUNT TO_BUILTIN(10)
/** The instruction expected more accounts. */
#define ERROR_NOT_ENOUGH_ACCOUNT_KEYS TO_BUILTIN(11)
/** An account was already borrowed. */
#define ERROR_ACCOUNT_BORROW_FAILED TO_BUILTIN(12)
/** A seed was longer than MAX_SEED_LEN, or there were more than MAX_SEEDS. */
#define ERROR_MAX_SEED_LENGTH_EXCEEDED TO_BUILTIN(13)
/** The seeds do not derive a valid program address. */
#define ERROR_INVALID_SEEDS TO_BUILTIN(14)
/** Serialization error. */
#define ERROR_BORSH_IO_ERROR TO_BUILTIN(15)
/** An account does not have enough lamports to be rent-exempt. */
#define ERROR_ACCOUNT_NOT_RENT_EXEMPT TO_BUILTIN(16)
/** The sysvar is not supported. */
#define ERROR_UNSUPPORTED_SYSVAR TO_BUILTIN(17)
/** The provided owner is not allowed. */
#define ERROR_ILLEGAL_OWNER TO_BUILTIN(18)
/** Too many bytes of account data allocated in one transaction. */
#define ERROR_MAX_ACCOUNTS_DATA_ALLOCATIONS_EXCEEDED TO_BUILTIN(19)
/** Account data reallocation was invalid. */
#define ERROR_INVALID_ACCOUNT_DATA_REALLOC TO_BUILTIN(20)
/** Solana's C SDK name of ERROR_INVALID_ACCOUNT_DATA_REALLOC. */
#define ERROR_INVALID_REALLOC ERROR_INVALID_ACCOUNT_DATA_REALLOC
/** The instruction trace grew too long. */
#define ERROR_MAX_INSTRUCTION_TRACE_LENGTH_EXCEEDED TO_BUILTIN(21)
/** Builtin programs must consume compute units. */
#define ERROR_BUILTIN_PROGRAMS_MUST_CONSUME_COMPUTE_UNITS TO_BUILTIN(22)
/** The account is not owned by the expected program. */
#define ERROR_INVALID_ACCOUNT_OWNER TO_BUILTIN(23)
/** An arithmetic operation overflowed. */
#define ERROR_ARITHMETIC_OVERFLOW TO_BUILTIN(24)
/** The account is immutable. */
#define ERROR_IMMUTABLE TO_BUILTIN(25)
/** The authority is incorrect. */
#define ERROR_INCORRECT_AUTHORITY TO_BUILTIN(26)

/* ------------------------------------------------------------------------
 * Types
 * ---------------------------------------------------------------------- */

/** A 32-byte public key (account address or program id). */
typedef struct {
  uint8_t x[SIZE_PUBKEY];
} SolPubkey;

/**
 * One account of the instruction. Parsed by `sol_deserialize`, its pointers
 * point into the input buffer: writing `*lamports`, `data[..]` or `*owner`
 * writes the account. This is also the layout `sol_invoke_signed_c` reads
 * (56 bytes).
 */
typedef struct {
  SolPubkey *key;       /**< the account's address */
  uint64_t *lamports;   /**< its balance, in lamports */
  uint64_t data_len;    /**< length of its data */
  uint8_t *data;        /**< its data */
  SolPubkey *owner;     /**< the program that owns it */
  uint64_t rent_epoch;  /**< the epoch rent was last collected (unused) */
  bool is_signer;       /**< the transaction was signed by this account's key */
  bool is_writable;     /**< the instruction may write the account */
  bool executable;      /**< the account holds a program */
} SolAccountInfo;

/** A byte string: one seed, or one slice to hash or log. */
typedef struct {
  const uint8_t *addr; /**< the bytes */
  uint64_t len;        /**< how many */
} SolBytes;

/** One seed of a program-derived address. */
typedef SolBytes SolSignerSeed;

/** The seeds of one program-derived signer. */
typedef struct {
  const SolSignerSeed *addr; /**< the seeds */
  uint64_t len;              /**< how many */
} SolSignerSeeds;

/** One account of an instruction to invoke (note: writable before signer). */
typedef struct {
  SolPubkey *pubkey; /**< the account's address */
  bool is_writable;  /**< the callee may write it */
  bool is_signer;    /**< it signs the callee instruction */
} SolAccountMeta;

/** An instruction to invoke through `sol_invoke_signed_c`. */
typedef struct {
  SolPubkey *program_id;    /**< the callee */
  SolAccountMeta *accounts; /**< its accounts */
  uint64_t account_len;     /**< how many */
  uint8_t *data;            /**< its data */
  uint64_t data_len;        /**< how many bytes */
} SolInstruction;

/** What `sol_deserialize` parses out of the input buffer. */
typedef struct {
  SolAccountInfo *ka;          /**< accounts array to fill (set by the caller) */
  uint64_t ka_num;             /**< number of accounts in the instruction */
  const uint8_t *data;         /**< instruction data */
  uint64_t data_len;           /**< its length */
  const SolPubkey *program_id; /**< id of the running program */
} SolParameters;

/** The Clock sysvar (40 bytes). */
typedef struct {
  uint64_t slot;                  /**< current slot */
  int64_t epoch_start_timestamp;  /**< Unix time of the epoch's first slot */
  uint64_t epoch;                 /**< current epoch */
  uint64_t leader_schedule_epoch; /**< epoch of the leader schedule being computed */
  int64_t unix_timestamp;         /**< estimated Unix time of this slot */
} SolClock;

/** The Rent sysvar (24 bytes with padding). */
typedef struct {
  uint64_t lamports_per_byte_year; /**< rental rate */
  double exemption_threshold;      /**< years of rent for exemption (2.0) */
  uint8_t burn_percent;            /**< share of collected rent burned */
} SolRent;

#ifndef __cplusplus
_Static_assert(sizeof(SolPubkey) == 32, "SolPubkey is 32 bytes");
_Static_assert(sizeof(SolAccountInfo) == 56, "SolAccountInfo is the 56-byte CPI layout");
_Static_assert(offsetof(SolAccountInfo, is_signer) == 48, "SolAccountInfo flags at +48");
_Static_assert(sizeof(SolAccountMeta) == 16, "SolAccountMeta is 16 bytes");
_Static_assert(offsetof(SolAccountMeta, is_signer) == 9, "SolAccountMeta: is_writable at +8, is_signer at +9");
_Static_assert(sizeof(SolInstruction) == 40, "SolInstruction is 40 bytes");
_Static_assert(sizeof(SolBytes) == 16, "SolBytes is 16 bytes");
_Static_assert(sizeof(SolSignerSeeds) == 16, "SolSignerSeeds is 16 bytes");
_Static_assert(sizeof(SolClock) == 40, "SolClock is 40 bytes");
_Static_assert(sizeof(SolRent) == 24, "SolRent is 24 bytes");
#endif

/* ------------------------------------------------------------------------
 * Syscalls (arguments in r1..r5, result in r0). The linker turns every call
 * of an undefined `sol_*` function into a syscall.
 * ---------------------------------------------------------------------- */

/** The program's entrypoint: return SUCCESS or an error code. */
uint64_t entrypoint(const uint8_t *input);

/** Logs `len` bytes of UTF-8 as `Program log: <message>`. */
void sol_log_(const char *message, uint64_t len);
/** Logs five numbers as `Program log: 0x.., 0x.., 0x.., 0x.., 0x..`. */
void sol_log_64_(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e);
/** Logs `Program consumption: <n> units remaining`. */
void sol_log_compute_units_(void);
/** Logs a public key in base58. */
void sol_log_pubkey(const SolPubkey *key);
/** Logs `Program data: <base64> ...`, one item per slice. */
void sol_log_data(const SolBytes *slices, uint64_t count);

/** Copies `n` bytes; the ranges must not overlap. */
void sol_memcpy_(void *dst, const void *src, uint64_t n);
/** Copies `n` bytes; the ranges may overlap. */
void sol_memmove_(void *dst, const void *src, uint64_t n);
/** Fills `n` bytes with the low byte of `c`. */
void sol_memset_(void *dst, uint64_t c, uint64_t n);
/** Compares `n` bytes; writes the difference of the first differing pair. */
void sol_memcmp_(const void *a, const void *b, uint64_t n, int32_t *result);

/** SHA-256 of the concatenated slices into `out[32]`. */
uint64_t sol_sha256(const SolBytes *slices, uint64_t count, uint8_t *out);
/** Keccak-256 of the concatenated slices into `out[32]`. */
uint64_t sol_keccak256(const SolBytes *slices, uint64_t count, uint8_t *out);

/** Derives a program address; 0 on success, nonzero when the seeds give a point on the curve. */
uint64_t sol_create_program_address(const SolSignerSeed *seeds, uint64_t count, const SolPubkey *program_id,
                                    SolPubkey *address);
/** Finds a program address and its bump seed (255 down to 1); 0 on success. */
uint64_t sol_try_find_program_address(const SolSignerSeed *seeds, uint64_t count, const SolPubkey *program_id,
                                      SolPubkey *address, uint8_t *bump_seed);

/** Invokes another program, signing for the program-derived `signers_seeds`. */
uint64_t sol_invoke_signed_c(const SolInstruction *instruction, const SolAccountInfo *account_infos,
                             uint64_t account_infos_len, const SolSignerSeeds *signers_seeds,
                             uint64_t signers_seeds_len);

/** Sets the transaction's return data (at most MAX_RETURN_DATA bytes). */
void sol_set_return_data(const uint8_t *data, uint64_t len);
/** Copies up to `len` bytes of return data and the id of the program that set it; returns its full length. */
uint64_t sol_get_return_data(uint8_t *data, uint64_t len, SolPubkey *program_id);

/** Reads the Clock sysvar; 0 on success. */
uint64_t sol_get_clock_sysvar(SolClock *clock);
/** Reads the Rent sysvar; 0 on success. */
uint64_t sol_get_rent_sysvar(SolRent *rent);

/** Compute units left. Not active on mainnet (Agave 4.3): a program that
 *  calls it there fails with "unsupported BPF instruction". */
uint64_t sol_remaining_compute_units(void);
/** Invocation depth: 1 for a top-level instruction, +1 per CPI. */
uint64_t sol_get_stack_height(void);

/** Aborts with `SBF program Panicked in <file> at <line>:<column>`. */
void sol_panic_(const char *file, uint64_t len, uint64_t line, uint64_t column) __attribute__((noreturn));

/* ------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------- */

/** Number of elements of an array. */
#define SOL_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/** Length of a NUL-terminated string. */
static inline uint64_t sol_strlen(const char *s) {
  uint64_t len = 0;
  while (s[len] != '\0') {
    len++;
  }
  return len;
}

/** Logs a NUL-terminated string as `Program log: <message>`. */
static inline void sol_log(const char *message) { sol_log_(message, sol_strlen(message)); }

/** Logs five numbers in hex. */
static inline void sol_log_64(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e) {
  sol_log_64_(a, b, c, d, e);
}

/** Logs the compute units left. */
static inline void sol_log_compute_units(void) { sol_log_compute_units_(); }

/** Copies `n` bytes (the ranges must not overlap); returns `dst`. */
static inline void *sol_memcpy(void *dst, const void *src, uint64_t n) {
  sol_memcpy_(dst, src, n);
  return dst;
}

/** Copies `n` bytes (the ranges may overlap); returns `dst`. */
static inline void *sol_memmove(void *dst, const void *src, uint64_t n) {
  sol_memmove_(dst, src, n);
  return dst;
}

/** Fills `n` bytes with `c`; returns `dst`. */
static inline void *sol_memset(void *dst, int c, uint64_t n) {
  sol_memset_(dst, (uint64_t)(uint8_t)c, n);
  return dst;
}

/** Compares `n` bytes: negative, 0 or positive as in memcmp. */
static inline int sol_memcmp(const void *a, const void *b, uint64_t n) {
  int32_t result = 0;
  sol_memcmp_(a, b, n, &result);
  return result;
}

/** True when two public keys are equal. */
static inline bool SolPubkey_same(const SolPubkey *a, const SolPubkey *b) {
  for (size_t i = 0; i < SIZE_PUBKEY; i++) {
    if (a->x[i] != b->x[i]) {
      return false;
    }
  }
  return true;
}

/** Aborts the program, reporting this source file and line. */
#define sol_panic() sol_panic_(__FILE__, sizeof(__FILE__) - 1, __LINE__, 0)

/** Aborts the program (reporting file and line) unless `expr` holds. */
#define sol_assert(expr) \
  do {                   \
    if (!(expr)) {       \
      sol_panic();       \
    }                    \
  } while (0)

/* ------------------------------------------------------------------------
 * The input parser
 * ---------------------------------------------------------------------- */

/**
 * Parses the input buffer without copying account contents.
 *
 * Fills `params->ka[0 .. min(N, ka_capacity))` (set `params->ka` first),
 * `ka_num` (= N, the number of accounts of the instruction, which may exceed
 * `ka_capacity`: the accounts past it are walked over, not returned), the
 * instruction data and the program id. A duplicate account gets a copy of
 * its first occurrence's view (same pointers). Returns false on a null
 * argument or a malformed duplicate index.
 */
static inline bool sol_deserialize(const uint8_t *input, SolParameters *params, uint64_t ka_capacity) {
  if (input == NULL || params == NULL || (params->ka == NULL && ka_capacity > 0)) {
    return false;
  }
  /* The runtime gives the program this buffer to read and write. */
  uint8_t *cursor = (uint8_t *)input;
  uint64_t count = *(const uint64_t *)cursor;
  cursor += NUM_ACCOUNTS_SIZE;
  params->ka_num = count;
  for (uint64_t i = 0; i < count; i++) {
    uint8_t dup_info = cursor[DUP_INFO_OFFSET];
    if (dup_info != NON_DUP_MARKER) {
      if (dup_info >= i) {
        return false;
      }
      if (i < ka_capacity) {
        params->ka[i] = params->ka[dup_info];
      }
      cursor += DUPLICATE_ENTRY_SIZE;
      continue;
    }
    uint64_t data_len = *(const uint64_t *)(cursor + DATA_LEN_OFFSET);
    if (i < ka_capacity) {
      SolAccountInfo *account = &params->ka[i];
      account->is_signer = cursor[IS_SIGNER_OFFSET] != 0;
      account->is_writable = cursor[IS_WRITABLE_OFFSET] != 0;
      account->executable = cursor[EXECUTABLE_OFFSET] != 0;
      account->key = (SolPubkey *)(cursor + KEY_OFFSET);
      account->owner = (SolPubkey *)(cursor + OWNER_OFFSET);
      account->lamports = (uint64_t *)(cursor + LAMPORTS_OFFSET);
      account->data_len = data_len;
      account->data = cursor + DATA_OFFSET;
    }
    uint64_t padding = (BPF_ALIGN_OF_U128 - data_len % BPF_ALIGN_OF_U128) % BPF_ALIGN_OF_U128;
    uint8_t *rent_epoch = cursor + DATA_OFFSET + data_len + MAX_PERMITTED_DATA_INCREASE + padding;
    if (i < ka_capacity) {
      params->ka[i].rent_epoch = *(const uint64_t *)rent_epoch;
    }
    cursor = rent_epoch + RENT_EPOCH_SIZE;
  }
  params->data_len = *(const uint64_t *)cursor;
  cursor += INSTRUCTION_DATA_LEN_SIZE;
  params->data = cursor;
  cursor += params->data_len;
  params->program_id = (const SolPubkey *)cursor;
  return true;
}

/* ------------------------------------------------------------------------
 * Cross-program invocation
 * ---------------------------------------------------------------------- */

/** Invokes `instruction` with the caller's `account_infos`, signing for the PDAs of `signers_seeds`. */
static inline uint64_t sol_invoke_signed(const SolInstruction *instruction, const SolAccountInfo *account_infos,
                                         uint64_t account_infos_len, const SolSignerSeeds *signers_seeds,
                                         uint64_t signers_seeds_len) {
  return sol_invoke_signed_c(instruction, account_infos, account_infos_len, signers_seeds, signers_seeds_len);
}

/** Invokes `instruction` with the caller's `account_infos`. */
static inline uint64_t sol_invoke(const SolInstruction *instruction, const SolAccountInfo *account_infos,
                                  uint64_t account_infos_len) {
  return sol_invoke_signed_c(instruction, account_infos, account_infos_len, NULL, 0);
}

/* ------------------------------------------------------------------------
 * Heap: a bump allocator over the HEAP_LENGTH bytes at HEAP_START_ADDRESS,
 * growing down from the end, its cursor in the heap's first 8 bytes (the
 * layout of the Rust SDK's allocator, so both agree on a shared heap). The
 * heap starts zeroed and memory is never reused, so allocations are zeroed.
 * ---------------------------------------------------------------------- */

/** Allocates `count * size` zeroed bytes aligned to 8, or NULL when the heap is exhausted. */
static inline void *sol_calloc(uint64_t count, uint64_t size) {
  uint64_t *cursor = (uint64_t *)HEAP_START_ADDRESS;
  uint64_t top = *cursor;
  if (top == 0) {
    top = HEAP_START_ADDRESS + HEAP_LENGTH;
  }
  if (size != 0 && count > (HEAP_LENGTH / size)) {
    return NULL;
  }
  uint64_t bytes = count * size;
  if (bytes > top - HEAP_START_ADDRESS) {
    return NULL;
  }
  uint64_t start = (top - bytes) & ~(uint64_t)7;
  if (start < HEAP_START_ADDRESS + sizeof(uint64_t)) {
    return NULL;
  }
  *cursor = start;
  return (void *)start;
}

/** Releases nothing (a bump allocator never reuses memory). */
static inline void sol_free(void *ptr) { (void)ptr; }

#ifdef __cplusplus
}
#endif

#endif /* LAMPORT_H */
