// flags.h - allocation flags: the kernel's gfp_t as a strong bitmask type.
//
// Bit values are the kernel's (include/linux/gfp_types.h, Linux 6.1), so
// allocflags reads them with its usual rule: flags "may sleep" when they
// carry __GFP_DIRECT_RECLAIM (0x400).  Parameters are spelled `gfp_t`, the
// name allocflags knows flags parameters by; `Flags` is the same type under
// Rust-for-Linux's name.
#ifndef KALLOC_FLAGS_H
#define KALLOC_FLAGS_H

#include "kalloc/annotations.h"

#include <cstdint>

namespace ALLOCFLAGS_DISCIPLINED kalloc {

enum class Flags : std::uint32_t {};
using gfp_t = Flags;

constexpr Flags operator|(Flags A, Flags B) { return Flags(std::uint32_t(A) | std::uint32_t(B)); }
constexpr Flags operator&(Flags A, Flags B) { return Flags(std::uint32_t(A) & std::uint32_t(B)); }
constexpr Flags operator~(Flags A) { return Flags(~std::uint32_t(A)); }
constexpr Flags &operator|=(Flags &A, Flags B) { return A = A | B; }
constexpr bool any(Flags A) { return std::uint32_t(A) != 0; }

// The modifier bits.
inline constexpr Flags __GFP_HIGH = Flags(0x20);
inline constexpr Flags __GFP_IO = Flags(0x40);
inline constexpr Flags __GFP_FS = Flags(0x80);
inline constexpr Flags __GFP_ZERO = Flags(0x100);
inline constexpr Flags __GFP_ATOMIC = Flags(0x200);
inline constexpr Flags __GFP_DIRECT_RECLAIM = Flags(0x400);
inline constexpr Flags __GFP_KSWAPD_RECLAIM = Flags(0x800);
inline constexpr Flags __GFP_NOWARN = Flags(0x2000);
inline constexpr Flags __GFP_RETRY_MAYFAIL = Flags(0x4000);
inline constexpr Flags __GFP_NOFAIL = Flags(0x8000);
inline constexpr Flags __GFP_NORETRY = Flags(0x10000);
inline constexpr Flags __GFP_HARDWALL = Flags(0x100000);
inline constexpr Flags __GFP_ACCOUNT = Flags(0x400000);
inline constexpr Flags __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM;

// The common sets, as the kernel builds them.
inline constexpr Flags GFP_ATOMIC = __GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM;
inline constexpr Flags GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS;
inline constexpr Flags GFP_KERNEL_ACCOUNT = GFP_KERNEL | __GFP_ACCOUNT;
inline constexpr Flags GFP_NOWAIT = __GFP_KSWAPD_RECLAIM;
inline constexpr Flags GFP_NOIO = __GFP_RECLAIM;
inline constexpr Flags GFP_NOFS = __GFP_RECLAIM | __GFP_IO;
inline constexpr Flags GFP_USER = __GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL;

// Rust-for-Linux's names for the modifiers.
inline constexpr Flags ZERO = __GFP_ZERO;
inline constexpr Flags NOWARN = __GFP_NOWARN;
inline constexpr Flags NORETRY = __GFP_NORETRY;

/// The allocator may block (enter direct reclaim) with these flags.
constexpr bool may_sleep(gfp_t F) { return any(F & __GFP_DIRECT_RECLAIM); }

} // namespace kalloc

#endif
