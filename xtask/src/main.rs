//! `cargo xtask`: the maintainers' command line.

fn main() {
    println!("xtask: nothing here yet");
}
