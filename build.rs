// Migrations are embedded by `sqlx::migrate!`; rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    // Translations are embedded too; a new language folder is picked up.
    println!("cargo:rerun-if-changed=locales");
}
