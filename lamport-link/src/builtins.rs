//! compiler-builtins members, linked into a program only when a lowering
//! calls one of their routines (soft-float, libm).

use std::collections::{HashMap, HashSet};

use inkwell::context::Context;
use inkwell::module::{Linkage, Module};

use crate::inputs::BitcodeUnit;
use crate::llvm;

/// The archive members and, once indexed, the routines each defines.
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
            }
            self.index = Some(index);
        }
        Ok(self.index.as_ref().expect("just built"))
    }

    /// Links the routine `symbol` (and what it calls) from the member that
    /// defines it into `module`. `Ok(false)` when no member defines it or it
    /// was linked already.
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
        // A member may be linked once per routine: its data must merge too.
        for g in incoming.get_globals() {
            if !g.is_declaration() && !g.get_name().to_string_lossy().starts_with("llvm.") {
                g.set_linkage(Linkage::LinkOnceODR);
            }
        }
        module.link_in_module(incoming).map_err(|e| e.to_string())?;
        Ok(true)
    }
}
