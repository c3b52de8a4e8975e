//! `rgrpc list [SERVICE]`: the services of the schema, or the methods of one service.

use std::process::ExitCode;

use crate::cli::ListArgs;
use crate::client::schema::unreadable_text;
use crate::client::{Client, ClientConfig};
use crate::error::{Error, Reason};
use crate::output::write_stdout;

pub async fn run(config: ClientConfig, args: ListArgs) -> Result<ExitCode, Error> {
    let mut client = Client::connect_for_schema(&config).await?;
    let mut out = String::new();
    match &args.service {
        None => {
            for service in client.list_services().await? {
                out.push_str(&service);
                out.push('\n');
            }
            // Files of a local schema that could not be read: their services are unknown.
            let unreadable = client.unreadable_files().await;
            if !unreadable.is_empty() {
                write_stdout(&out)?;
                return Err(Error::Schema(Reason::new(format!(
                    "not every service is listed: {}",
                    unreadable_text(&unreadable)
                ))));
            }
        }
        Some(name) => {
            // Only that service is fetched: another that cannot be resolved is no obstacle.
            let schema = client.load_service(name).await?;
            for method in schema.service(name)?.methods() {
                out.push_str(method.full_name());
                out.push('\n');
            }
        }
    }
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
