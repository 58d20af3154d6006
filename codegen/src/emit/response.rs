//! Response emitter: `XResponse`, the operation's response struct (its nested types are
//! planned types, emitted by [`super::structs`]): every member but the envelope
//! ([`crate::envelope`]) as an `Option<T>`, decoded tolerantly through the runtime's
//! `FromJson`; the request id in a hidden field behind the runtime's `RequestId`;
//! `Serialize` only with the `serialize` feature.

use proc_macro2::TokenStream;

use super::docs::titled;
use super::structs::response_struct;
use super::OpCx;

/// The operation's response struct.
pub fn emit(cx: OpCx<'_>) -> TokenStream {
    let names = cx.names();
    let mut text = cx.op.summary.clone();
    if cx.op.deprecated {
        text.push_str("\nThe operation is deprecated in the documentation.");
    }
    let docs = titled(&format!("The response of `{}`.", cx.op.name), &text);
    response_struct(&names.response, docs, &cx.plan().response, cx.scope(), true)
}
