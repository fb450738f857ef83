//! compiler-builtins members, linked into a program only when a lowering
//! calls one of their routines (soft-float, libm) or the program uses one of
//! their data symbols (libm's tables, such as `sqrt`'s `RSQRT_TAB`).

use std::collections::{HashMap, HashSet};

use inkwell::context::Context;
use inkwell::module::{Linkage, Module};

use crate::inputs::BitcodeUnit;
use crate::llvm;

/// The archive members and, once indexed, the routines and data each defines.
pub struct Builtins {
    units: Vec<BitcodeUnit>,
    index: Option<HashMap<String, usize>>,
    linked: HashSet<String>,
}

impl Builtins {
    /// Wraps the compiler-builtins members (possibly none).
    pub fn new(units: Vec<BitcodeUnit>) -> Self {
        Builtins { units, index: None, linked: HashSet::new() }
    }

    fn index(&mut self, ctx: &Context) -> Result<&HashMap<String, usize>, String> {
        if self.index.is_none() {
            let mut index = HashMap::new();
            for (i, unit) in self.units.iter().enumerate() {
                let module = llvm::parse_bitcode(ctx, &unit.bytes, &unit.name)?;
                for f in module.get_functions() {
                    if f.count_basic_blocks() > 0 {
                        index.entry(llvm::name_of(f)).or_insert(i);
                    }
                }
                for g in module.get_globals() {
                    let name = g.get_name().to_string_lossy().into_owned();
                    if !g.is_declaration() && !name.starts_with("llvm.") && !matches!(g.get_linkage(), Linkage::Internal | Linkage::Private) {
                        index.entry(name).or_insert(i);
                    }
                }
            }
            self.index = Some(index);
        }
        Ok(self.index.as_ref().expect("just built"))
    }

    /// Links the routine or data `symbol` (and what it uses) from the member
    /// that defines it into `module`. `Ok(false)` when no member defines it or
    /// it was linked already.
    pub fn provide<'ctx>(&mut self, ctx: &'ctx Context, module: &Module<'ctx>, symbol: &str) -> Result<bool, String> {
        let Some(&member) = self.index(ctx)?.get(symbol) else { return Ok(false) };
        if !self.linked.insert(symbol.to_string()) {
            return Ok(false);
        }
        let unit = &self.units[member];
        let incoming = llvm::parse_bitcode(ctx, &unit.bytes, &unit.name)?;
        incoming.set_triple(&module.get_triple());
        incoming.set_data_layout(&module.get_data_layout());
        // Link the requested routine and, lazily (linkonce), only what it
        // reaches: a member also defines routines for types SBPF cannot
        // lower (f128, f16) that must not come along. The program's own
        // definitions win over the library's.
        for f in incoming.get_functions() {
            if f.count_basic_blocks() == 0 {
                continue;
            }
            let name = llvm::name_of(f);
            let shadowed = module.get_function(&name).is_some_and(|g| g.count_basic_blocks() > 0);
            f.set_linkage(if name == symbol && !shadowed { Linkage::External } else { Linkage::LinkOnceODR });
        }
        // A member may be linked once per symbol: its data must merge too.
        // A requested data symbol is linked as such (the program declares it).
        for g in incoming.get_globals() {
            let name = g.get_name().to_string_lossy().into_owned();
            if !g.is_declaration() && !name.starts_with("llvm.") {
                let declared = module.get_global(&name).is_some_and(|d| d.is_declaration());
                g.set_linkage(if name == symbol && declared { Linkage::External } else { Linkage::LinkOnceODR });
            }
        }
        module.link_in_module(incoming).map_err(|e| e.to_string())?;
        Ok(true)
    }
}
