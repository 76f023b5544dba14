//! How the `floor` binary itself is built (Linux with the GNU C library).
#![cfg(all(target_os = "linux", target_env = "gnu", target_endian = "little"))]

/// The program headers' types of an ELF64 little-endian file.
fn program_header_types(elf: &[u8]) -> Vec<u32> {
    assert_eq!(&elf[..4], b"\x7fELF", "not an ELF file");
    assert_eq!(elf[4], 2, "not a 64-bit ELF file");
    let u16_at = |at: usize| u16::from_le_bytes(elf[at..at + 2].try_into().unwrap()) as usize;
    let phoff = u64::from_le_bytes(elf[0x20..0x28].try_into().unwrap()) as usize;
    let (size, count) = (u16_at(0x36), u16_at(0x38));
    (0..count)
        .map(|k| {
            let at = phoff + k * size;
            u32::from_le_bytes(elf[at..at + 4].try_into().unwrap())
        })
        .collect()
}

/// The reader's first frame must beat `less`, and loading shared libraries
/// alone costs about 0.4 ms, so `.cargo/config.toml` links the C library
/// statically: the binary has no program interpreter (`PT_INTERP`).
#[test]
fn the_binary_needs_no_dynamic_loader() {
    const PT_INTERP: u32 = 3;
    let elf = std::fs::read(env!("CARGO_BIN_EXE_floor")).unwrap();
    let types = program_header_types(&elf);
    assert!(!types.is_empty());
    assert!(
        !types.contains(&PT_INTERP),
        "floor is dynamically linked: was .cargo/config.toml's crt-static \
         overridden (RUSTFLAGS)?"
    );
}
