//! `rgrpc describe [SYMBOL]`: a service, method, message, enum or field as proto source,
//! and with `--msg-template` a request template.

use std::process::ExitCode;

use crate::cli::DescribeArgs;
use crate::client::schema::{Symbol, unreadable_text};
use crate::client::{Client, ClientConfig, describe};
use crate::error::Error;
use crate::json::template;
use crate::output::write_stdout;

pub async fn run(config: ClientConfig, args: DescribeArgs) -> Result<ExitCode, Error> {
    let mut client = Client::connect_for_schema(&config).await?;
    let mut schema = client.load_all().await?;
    let symbols: Vec<Symbol> = match &args.symbol {
        Some(name) => {
            let mut symbol = schema.symbol(name)?;
            // A message's extensions may live in files nothing else imports.
            if let Symbol::Message(message) = &symbol
                && message.extension_ranges().len() > 0
            {
                schema = client
                    .with_extensions_of(&schema, message.full_name())
                    .await;
                symbol = schema.symbol(message.full_name())?;
            }
            vec![symbol]
        }
        None => schema.service_descriptors().map(Symbol::Service).collect(),
    };
    let mut out = String::new();
    for (i, symbol) in symbols.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&describe::describe(symbol));
        if args.msg_template
            && let Some(message) = symbol.template_message()
        {
            let json = serde_json::to_string_pretty(&template(&message))
                .map_err(|e| Error::failed(e.to_string()))?;
            out.push_str(&format!("\nMessage template:\n{json}\n"));
        }
    }
    write_stdout(&out)?;
    if args.symbol.is_none() {
        // Services the server lists but whose files could not be read.
        let listed = client.list_services().await?;
        let missing: Vec<&String> = listed
            .iter()
            .filter(|s| !schema.services().contains(s))
            .collect();
        if !missing.is_empty() {
            let names: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
            let mut message = format!("cannot describe {}", names.join(", "));
            if !schema.unreadable().is_empty() {
                message.push_str(&format!(": {}", unreadable_text(schema.unreadable())));
            }
            return Err(Error::Schema(crate::error::Reason::new(message)));
        }
    }
    Ok(ExitCode::SUCCESS)
}
