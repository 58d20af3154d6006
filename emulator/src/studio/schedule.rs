//! The scheduler: nodes of deployed (and, in DEV, submitted) files (`GetNode`,
//! `ListNodes`), and smoke tests (`RunSmokeTest`: a new DAG with one instance of the
//! node, finished, whose log names what ran) read back with `ListInstances` (by
//! `DagId`), `GetInstance` and `GetInstanceLog`.

use serde_json::Value;
use time::macros::format_description;
use time::{Date, PrimitiveDateTime, UtcOffset};

use super::call::{body, has_text, int_of, text_of, Answer, Call, Record};
use super::model::{Env, Instance, World};
use super::names::{member, value};
use crate::codes::{INSTANCE_NOT_FOUND, INVALID_PARAMETER, NODE_NOT_FOUND};
use crate::rejection::{shown, Rejection};

/// The environment a call names (`ProjectEnv`, required by every operation here).
fn env(call: &Call<'_>) -> Result<Env, Rejection> {
    let text = call.need_text(member::PROJECT_ENV)?;
    Env::parse(text).ok_or_else(|| {
        Rejection::new(
            INVALID_PARAMETER,
            format!(
                "the parameter `{}` must be {} or {}, got `{}`",
                member::PROJECT_ENV,
                value::PROD,
                value::DEV,
                shown(text)
            ),
        )
    })
}

fn node_not_found(call: &Call<'_>, env: Env, node: i64) -> Rejection {
    call.not_found(
        "Node",
        NODE_NOT_FOUND,
        format!("the {} environment has no node (NodeId) {node}", env.name()),
    )
}

pub(crate) fn get_node(world: &mut World, call: &Call<'_>) -> Answer {
    let env = env(call)?;
    let node = call.need_int(member::NODE_ID)?;
    let record = world
        .node_homes
        .get(&node)
        .and_then(|project| world.workspaces.get(project))
        .and_then(|w| w.nodes.get(&(env, node)))
        .map(|n| n.record.clone())
        .ok_or_else(|| node_not_found(call, env, node))?;
    Ok(body(member::DATA, Value::Object(record)))
}

pub(crate) fn list_nodes(world: &mut World, call: &Call<'_>) -> Answer {
    let env = env(call)?;
    let project = call.need_int(member::PROJECT_ID)?;
    let owner = call.text(member::OWNER);
    let name = call.text(member::NODE_NAME);
    let program = call.text(member::PROGRAM_TYPE);
    let business = business_filter(world, call, project);
    let items = world
        .workspace(project)
        .nodes
        .iter()
        .filter(|((e, _), _)| *e == env)
        .map(|(_, n)| &n.record)
        .filter(|r| owner.is_none_or(|o| has_text(r, member::OWNER_ID, o)))
        .filter(|r| name.is_none_or(|n| has_text(r, member::NODE_NAME, n)))
        .filter(|r| program.is_none_or(|p| has_text(r, member::PROGRAM_TYPE, p)))
        .filter(|r| business.is_none_or(|b| int_of(r, member::BUSINESS_ID) == b))
        .cloned()
        .collect();
    call.page(items)
}

/// The `BizName` filter: `Some(workflow id)` (`Some(None)` when no workflow has that
/// name: nothing matches), `None` without a filter.
fn business_filter(world: &mut World, call: &Call<'_>, project: i64) -> Option<Option<i64>> {
    let name = call.text(member::BIZ_NAME)?;
    Some(
        world
            .workspace(project)
            .businesses
            .iter()
            .find(|(_, b)| has_text(b, member::BUSINESS_NAME, name))
            .map(|(id, _)| *id),
    )
}

/// A `yyyy-MM-dd HH:mm:ss` (or `yyyy-MM-dd`) date as milliseconds since the epoch in
/// the service's time zone (`offset`).
fn bizdate_ms(call: &Call<'_>, name: &str, offset: UtcOffset) -> Result<Option<i64>, Rejection> {
    let Some(text) = call.text(name) else {
        return Ok(None);
    };
    let text = text.trim();
    let full = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let day = format_description!("[year]-[month]-[day]");
    let parsed = PrimitiveDateTime::parse(text, full)
        .or_else(|_| Date::parse(text, day).map(Date::midnight))
        .map_err(|_| {
            Rejection::new(
                INVALID_PARAMETER,
                format!(
                    "the parameter `{name}` must be a date, yyyy-MM-dd HH:mm:ss, got `{}`",
                    shown(text)
                ),
            )
        })?;
    let ms = parsed.assume_offset(offset).unix_timestamp_nanos() / 1_000_000;
    Ok(i64::try_from(ms).ok())
}

pub(crate) fn run_smoke_test(world: &mut World, call: &Call<'_>, offset: UtcOffset) -> Answer {
    let env = env(call)?;
    let node = call.need_int(member::NODE_ID)?;
    let name = call.need_text(member::NAME)?;
    let bizdate = bizdate_ms(call, member::BIZDATE, offset)?;
    let Some(project) = world.node_homes.get(&node).copied() else {
        return Err(node_not_found(call, env, node));
    };
    let Some(source) = world.workspace(project).nodes.get(&(env, node)).cloned() else {
        return Err(node_not_found(call, env, node));
    };
    let dag = world.id();
    let instance = world.id();
    let mut record = Record::new();
    record.insert(member::INSTANCE_ID.to_owned(), Value::from(instance));
    record.insert(member::DAG_ID.to_owned(), Value::from(dag));
    record.insert(member::NODE_ID.to_owned(), Value::from(node));
    record.insert(member::DAG_TYPE.to_owned(), Value::from(value::SMOKE_TEST));
    record.insert(
        member::STATUS.to_owned(),
        Value::from(value::INSTANCE_SUCCESS),
    );
    if let Some(ms) = bizdate {
        record.insert(member::BIZDATE.to_owned(), Value::from(ms));
    }
    for time in [
        member::CREATE_TIME,
        member::BEGIN_RUNNING_TIME,
        member::FINISH_TIME,
        member::MODIFY_TIME,
    ] {
        record.insert(time.to_owned(), Value::from(call.now_ms));
    }
    for copied in [
        member::NODE_NAME,
        member::BUSINESS_ID,
        member::CONNECTION,
        member::PARAM_VALUES,
        member::OWNER_ID,
    ] {
        if let Some(v) = source.record.get(copied) {
            record.insert(copied.to_owned(), v.clone());
        }
    }
    // NodeParams: "配置为一个JSON字符串，Key为节点ID，Value为参数实际取值".
    if let Some(params) = call
        .text(member::NODE_PARAMS)
        .and_then(|t| serde_json::from_str::<Record>(t).ok())
        .and_then(|m| m.get(&node.to_string()).cloned())
    {
        let text = match params {
            Value::String(s) => s,
            other => other.to_string(),
        };
        record.insert(member::PARAM_VALUES.to_owned(), Value::from(text));
    }
    let log = format!(
        "dataworks-emulator: smoke test `{name}` (DAG {dag}), instance {instance} of node {node} ({}) in {}, business date {}\n{}\n{}\n",
        text_of(&source.record, member::NODE_NAME).unwrap_or("unnamed"),
        env.name(),
        call.text(member::BIZDATE).unwrap_or(""),
        source.content.as_deref().unwrap_or(""),
        value::INSTANCE_SUCCESS,
    );
    let mut dag_record = Record::new();
    dag_record.insert(member::DAG_ID.to_owned(), Value::from(dag));
    dag_record.insert(member::NAME.to_owned(), Value::from(name));
    dag_record.insert(member::DAG_TYPE.to_owned(), Value::from(value::SMOKE_TEST));
    dag_record.insert(member::PROJECT_ENV.to_owned(), Value::from(env.name()));
    dag_record.insert(member::NODE_ID.to_owned(), Value::from(node));
    world.instance_homes.insert(instance, project);
    let workspace = world.workspace(project);
    workspace.dags.insert(dag, dag_record);
    workspace
        .instances
        .insert(instance, Instance { env, record, log });
    Ok(body(member::DATA, dag))
}

pub(crate) fn list_instances(world: &mut World, call: &Call<'_>, offset: UtcOffset) -> Answer {
    let env = env(call)?;
    let project = call.need_int(member::PROJECT_ID)?;
    let node = call.need_int(member::NODE_ID)?;
    let dag = call.int(member::DAG_ID)?;
    let name = call.text(member::NODE_NAME);
    let owner = call.text(member::OWNER);
    let program = call.text(member::PROGRAM_TYPE);
    let business = business_filter(world, call, project);
    let day = bizdate_ms(call, member::BIZDATE, offset)?;
    let begin = bizdate_ms(call, member::BEGIN_BIZDATE, offset)?;
    let end = bizdate_ms(call, member::END_BIZDATE, offset)?;
    let mut items: Vec<Record> = world
        .workspace(project)
        .instances
        .values()
        .filter(|i| i.env == env)
        .map(|i| &i.record)
        .filter(|r| int_of(r, member::NODE_ID) == Some(node))
        .filter(|r| dag.is_none_or(|d| int_of(r, member::DAG_ID) == Some(d)))
        .filter(|r| name.is_none_or(|n| has_text(r, member::NODE_NAME, n)))
        .filter(|r| owner.is_none_or(|o| has_text(r, member::OWNER_ID, o)))
        .filter(|r| program.is_none_or(|p| has_text(r, member::PROGRAM_TYPE, p)))
        .filter(|r| business.is_none_or(|b| int_of(r, member::BUSINESS_ID) == b))
        .filter(|r| {
            let at = int_of(r, member::BIZDATE);
            day.is_none_or(|d| at == Some(d))
                && begin.is_none_or(|b| at.is_some_and(|t| t >= b))
                && end.is_none_or(|e| at.is_some_and(|t| t <= e))
        })
        .cloned()
        .collect();
    // "实例列表默认按照实例的创建时间降序排序" (ListInstances `PageSize`).
    items.reverse();
    call.page(items)
}

fn instance<'w>(world: &'w World, call: &Call<'_>) -> Result<&'w Instance, Rejection> {
    let env = env(call)?;
    let id = call.need_int(member::INSTANCE_ID)?;
    world
        .instance_homes
        .get(&id)
        .and_then(|project| world.workspaces.get(project))
        .and_then(|w| w.instances.get(&id))
        .filter(|i| i.env == env)
        .ok_or_else(|| {
            call.not_found(
                "Instance",
                INSTANCE_NOT_FOUND,
                format!(
                    "the {} environment has no instance (InstanceId) {id}",
                    env.name()
                ),
            )
        })
}

pub(crate) fn get_instance(world: &mut World, call: &Call<'_>) -> Answer {
    let record = instance(world, call)?.record.clone();
    Ok(body(member::DATA, Value::Object(record)))
}

pub(crate) fn get_instance_log(world: &mut World, call: &Call<'_>) -> Answer {
    let log = instance(world, call)?.log.clone();
    Ok(body(member::DATA, log))
}
