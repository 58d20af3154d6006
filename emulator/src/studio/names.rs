//! The names the DataStudio state works with, each as the spec writes it
//! (`spec/operations/<Operation>.yaml`): the operations of the family, their parameters
//! and the response members the state fills. A test checks every one against the
//! generated catalog, so a renamed member in the documentation fails the build's tests
//! instead of silently emptying an answer.
//!
//! The few values the state reports (environments, workspace modes, deployment
//! environments, version states) are quoted from the documentation next to each.

/// Operations of the family, by action name.
pub(crate) mod op {
    pub const CREATE_BUSINESS: &str = "CreateBusiness";
    pub const UPDATE_BUSINESS: &str = "UpdateBusiness";
    pub const GET_BUSINESS: &str = "GetBusiness";
    pub const LIST_BUSINESS: &str = "ListBusiness";
    pub const DELETE_BUSINESS: &str = "DeleteBusiness";
    pub const CREATE_FOLDER: &str = "CreateFolder";
    pub const UPDATE_FOLDER: &str = "UpdateFolder";
    pub const GET_FOLDER: &str = "GetFolder";
    pub const LIST_FOLDERS: &str = "ListFolders";
    pub const DELETE_FOLDER: &str = "DeleteFolder";
    pub const CREATE_FILE: &str = "CreateFile";
    pub const UPDATE_FILE: &str = "UpdateFile";
    pub const GET_FILE: &str = "GetFile";
    pub const LIST_FILES: &str = "ListFiles";
    pub const LIST_FILE_VERSIONS: &str = "ListFileVersions";
    pub const GET_FILE_VERSION: &str = "GetFileVersion";
    pub const DELETE_FILE: &str = "DeleteFile";
    pub const SUBMIT_FILE: &str = "SubmitFile";
    pub const DEPLOY_FILE: &str = "DeployFile";
    pub const GET_DEPLOYMENT: &str = "GetDeployment";
    pub const GET_NODE: &str = "GetNode";
    pub const LIST_NODES: &str = "ListNodes";
    pub const RUN_SMOKE_TEST: &str = "RunSmokeTest";
    pub const LIST_INSTANCES: &str = "ListInstances";
    pub const GET_INSTANCE: &str = "GetInstance";
    pub const GET_INSTANCE_LOG: &str = "GetInstanceLog";
    pub const GET_PROJECT: &str = "GetProject";

    /// Every operation the state answers.
    #[cfg(test)]
    pub const ALL: &[&str] = &[
        CREATE_BUSINESS,
        UPDATE_BUSINESS,
        GET_BUSINESS,
        LIST_BUSINESS,
        DELETE_BUSINESS,
        CREATE_FOLDER,
        UPDATE_FOLDER,
        GET_FOLDER,
        LIST_FOLDERS,
        DELETE_FOLDER,
        CREATE_FILE,
        UPDATE_FILE,
        GET_FILE,
        LIST_FILES,
        LIST_FILE_VERSIONS,
        GET_FILE_VERSION,
        DELETE_FILE,
        SUBMIT_FILE,
        DEPLOY_FILE,
        GET_DEPLOYMENT,
        GET_NODE,
        LIST_NODES,
        RUN_SMOKE_TEST,
        LIST_INSTANCES,
        GET_INSTANCE,
        GET_INSTANCE_LOG,
        GET_PROJECT,
    ];
}

/// Parameter and member names (the same wire name serves both where the spec uses it
/// for both).
pub(crate) mod member {
    pub const PROJECT_ID: &str = "ProjectId";
    pub const PROJECT_IDENTIFIER: &str = "ProjectIdentifier";
    pub const PROJECT_NAME: &str = "ProjectName";
    pub const PROJECT_MODE: &str = "ProjectMode";
    pub const ENV_TYPES: &str = "EnvTypes";
    pub const PROJECT_ENV: &str = "ProjectEnv";
    pub const DATA: &str = "Data";
    pub const PAGE_NUMBER: &str = "PageNumber";
    pub const PAGE_SIZE: &str = "PageSize";
    pub const KEYWORD: &str = "Keyword";
    pub const OWNER: &str = "Owner";
    pub const COMMENT: &str = "Comment";

    pub const BUSINESS_ID: &str = "BusinessId";
    pub const BUSINESS_NAME: &str = "BusinessName";

    pub const FOLDER_ID: &str = "FolderId";
    pub const FOLDER_PATH: &str = "FolderPath";
    pub const FOLDER_NAME: &str = "FolderName";
    pub const PARENT_FOLDER_PATH: &str = "ParentFolderPath";

    pub const FILE: &str = "File";
    pub const NODE_CONFIGURATION: &str = "NodeConfiguration";
    pub const FILE_ID: &str = "FileId";
    pub const FILE_NAME: &str = "FileName";
    pub const FILE_TYPE: &str = "FileType";
    pub const FILE_TYPES: &str = "FileTypes";
    pub const FILE_DESCRIPTION: &str = "FileDescription";
    pub const FILE_FOLDER_PATH: &str = "FileFolderPath";
    pub const FILE_FOLDER_ID: &str = "FileFolderId";
    pub const CONTENT: &str = "Content";
    pub const CONNECTION_NAME: &str = "ConnectionName";
    pub const USE_TYPE: &str = "UseType";
    pub const COMMIT_STATUS: &str = "CommitStatus";
    pub const CURRENT_VERSION: &str = "CurrentVersion";
    pub const CREATE_TIME: &str = "CreateTime";
    pub const CREATE_USER: &str = "CreateUser";
    pub const LAST_EDIT_TIME: &str = "LastEditTime";
    pub const LAST_EDIT_USER: &str = "LastEditUser";
    pub const BIZ_ID: &str = "BizId";
    pub const DELETED_STATUS: &str = "DeletedStatus";
    pub const NODE_ID: &str = "NodeId";
    pub const CRON_EXPRESS: &str = "CronExpress";
    pub const SCHEDULER_TYPE: &str = "SchedulerType";
    pub const PARA_VALUE: &str = "ParaValue";

    pub const FILE_VERSION: &str = "FileVersion";
    pub const FILE_VERSIONS: &str = "FileVersions";
    pub const FILE_CONTENT: &str = "FileContent";
    pub const CHANGE_TYPE: &str = "ChangeType";
    pub const STATUS: &str = "Status";
    pub const COMMIT_TIME: &str = "CommitTime";
    pub const COMMIT_USER: &str = "CommitUser";
    pub const IS_CURRENT_PROD: &str = "IsCurrentProd";

    pub const DEPLOYMENT_ID: &str = "DeploymentId";
    pub const FROM_ENVIRONMENT: &str = "FromEnvironment";
    pub const TO_ENVIRONMENT: &str = "ToEnvironment";
    pub const EXECUTE_TIME: &str = "ExecuteTime";
    pub const CREATOR_ID: &str = "CreatorId";
    pub const HANDLER_ID: &str = "HandlerId";

    pub const NODE_NAME: &str = "NodeName";
    pub const OWNER_ID: &str = "OwnerId";
    pub const DESCRIPTION: &str = "Description";
    pub const PARAM_VALUES: &str = "ParamValues";
    pub const CONNECTION: &str = "Connection";
    pub const RELATED_FLOW_ID: &str = "RelatedFlowId";
    pub const BIZ_NAME: &str = "BizName";
    pub const PROGRAM_TYPE: &str = "ProgramType";

    pub const NAME: &str = "Name";
    pub const BIZDATE: &str = "Bizdate";
    pub const BEGIN_BIZDATE: &str = "BeginBizdate";
    pub const END_BIZDATE: &str = "EndBizdate";
    pub const NODE_PARAMS: &str = "NodeParams";
    pub const DAG_ID: &str = "DagId";
    pub const DAG_TYPE: &str = "DagType";
    pub const INSTANCE_ID: &str = "InstanceId";
    pub const BEGIN_RUNNING_TIME: &str = "BeginRunningTime";
    pub const FINISH_TIME: &str = "FinishTime";
    pub const MODIFY_TIME: &str = "ModifyTime";
}

/// Values the state reports, quoted from the documentation.
pub(crate) mod value {
    /// `ProjectEnv`: "工作空间的环境，包括PROD（生产环境）和DEV（开发环境）" (its value set).
    pub const PROD: &str = "PROD";
    /// See [`PROD`].
    pub const DEV: &str = "DEV";
    /// GetProject `ProjectMode`: "2，表示简单工作空间模式。3，表示标准工作空间模式。"
    pub const SIMPLE_MODE: i64 = 2;
    /// See [`SIMPLE_MODE`].
    pub const STANDARD_MODE: i64 = 3;
    /// GetDeployment `FromEnvironment`: "包括0(本地)和1(开发环境)".
    pub const FROM_LOCAL: i64 = 0;
    /// See [`FROM_LOCAL`].
    pub const FROM_DEV: i64 = 1;
    /// GetDeployment `ToEnvironment`: "包括1(开发环境)和2(生产环境)".
    pub const TO_DEV: i64 = 1;
    /// See [`TO_DEV`].
    pub const TO_PROD: i64 = 2;
    /// GetFile `CommitStatus`: "0（未提交最新的代码）和1（已提交最新的代码）" (its value set).
    pub const UNCOMMITTED: i64 = 0;
    /// See [`UNCOMMITTED`].
    pub const COMMITTED: i64 = 1;
    /// GetFile `DeletedStatus` value set: `NORMAL`（未删除）.
    pub const NOT_DELETED: &str = "NORMAL";
    /// File version `ChangeType` value set: CREATE, UPDATE.
    pub const CHANGE_CREATE: &str = "CREATE";
    /// See [`CHANGE_CREATE`].
    pub const CHANGE_UPDATE: &str = "UPDATE";
    /// File version `Status` value set: COMMITTED（已提交）, DEPLOYED（已发布）.
    pub const VERSION_COMMITTED: &str = "COMMITTED";
    /// See [`VERSION_COMMITTED`].
    pub const VERSION_DEPLOYED: &str = "DEPLOYED";
    /// GetInstance `DagType` value set: SMOKE_TEST（冒烟测试）.
    pub const SMOKE_TEST: &str = "SMOKE_TEST";
    /// GetInstance `Status` value set: SUCCESS（执行成功）.
    pub const INSTANCE_SUCCESS: &str = "SUCCESS";
    /// The root of workflow folders, as CreateFile's `FileFolderPath` documents it:
    /// "业务流程/第一个业务流程/MaxCompute/文件夹1/文件夹2" (the workflow's name follows).
    pub const WORKFLOW_ROOT: &str = "业务流程";
}

/// Response paths the state fills (wire names from the top of the response).
pub(crate) mod path {
    pub const FILE: &[&str] = &["Data", "File"];
    pub const NODE_CONFIGURATION: &[&str] = &["Data", "NodeConfiguration"];
    pub const DEPLOYMENT: &[&str] = &["Data", "Deployment"];
    pub const DEPLOYED_ITEMS: &[&str] = &["Data", "DeployedItems"];
}

#[cfg(test)]
mod tests {
    use super::member::*;
    use super::*;
    use dataworks_public::catalog::{self, OperationSpec, SchemaSpec, WireType};

    fn op(name: &str) -> &'static OperationSpec {
        catalog::find(name).unwrap_or_else(|| panic!("{name} is not in the catalog"))
    }

    #[track_caller]
    fn params(name: &str, params: &[&str]) {
        let op = op(name);
        for p in params {
            assert!(
                op.params.iter().any(|s| s.name == *p),
                "{name} has no parameter `{p}`"
            );
        }
    }

    #[track_caller]
    fn members(name: &str, path: &[&str], members: &[&str]) -> &'static SchemaSpec {
        if path.is_empty() {
            for m in members {
                assert!(
                    op(name).response.iter().any(|f| f.name == *m),
                    "{name} has no top-level member `{m}`"
                );
            }
            return op(name)
                .response_at(&["RequestId"])
                .expect("every answer has a RequestId");
        }
        let schema = op(name)
            .response_at(path)
            .unwrap_or_else(|| panic!("{name} has no response member {path:?}"));
        let object = schema.items.unwrap_or(schema);
        for m in members {
            assert!(
                object.field(m).is_some(),
                "{name} {path:?} has no member `{m}`"
            );
        }
        object
    }

    #[track_caller]
    fn values(name: &str, path: &[&str], values: &[&str]) {
        let schema = op(name).response_at(path).unwrap();
        let schema = schema.items.unwrap_or(schema);
        for v in values {
            assert!(
                schema.value_set.contains(v),
                "{name} {path:?}: `{v}` is not in {:?}",
                schema.value_set
            );
        }
    }

    #[test]
    fn every_operation_of_the_family_is_documented() {
        for name in op::ALL {
            op(name);
        }
    }

    #[test]
    fn parameters_are_the_documented_ones() {
        let project = [PROJECT_ID, PROJECT_IDENTIFIER];
        for name in [
            op::CREATE_BUSINESS,
            op::UPDATE_BUSINESS,
            op::GET_BUSINESS,
            op::LIST_BUSINESS,
            op::DELETE_BUSINESS,
            op::CREATE_FOLDER,
            op::UPDATE_FOLDER,
            op::GET_FOLDER,
            op::LIST_FOLDERS,
            op::DELETE_FOLDER,
            op::CREATE_FILE,
            op::UPDATE_FILE,
            op::GET_FILE,
            op::LIST_FILES,
            op::LIST_FILE_VERSIONS,
            op::GET_FILE_VERSION,
            op::DELETE_FILE,
            op::SUBMIT_FILE,
            op::DEPLOY_FILE,
            op::GET_DEPLOYMENT,
        ] {
            params(name, &project);
        }
        params(op::CREATE_BUSINESS, &[BUSINESS_NAME, OWNER]);
        params(op::UPDATE_BUSINESS, &[BUSINESS_ID, BUSINESS_NAME, OWNER]);
        params(op::GET_BUSINESS, &[BUSINESS_ID]);
        params(op::LIST_BUSINESS, &[KEYWORD, PAGE_NUMBER, PAGE_SIZE]);
        params(op::DELETE_BUSINESS, &[BUSINESS_ID]);
        params(op::CREATE_FOLDER, &[FOLDER_PATH]);
        params(op::UPDATE_FOLDER, &[FOLDER_ID, FOLDER_NAME]);
        params(op::GET_FOLDER, &[FOLDER_ID, FOLDER_PATH]);
        params(
            op::LIST_FOLDERS,
            &[PARENT_FOLDER_PATH, PAGE_NUMBER, PAGE_SIZE],
        );
        params(op::DELETE_FOLDER, &[FOLDER_ID]);
        params(
            op::CREATE_FILE,
            &[FILE_FOLDER_PATH, FILE_NAME, FILE_TYPE, CONTENT, OWNER],
        );
        params(op::UPDATE_FILE, &[FILE_ID, FILE_FOLDER_PATH, OWNER]);
        params(op::GET_FILE, &[FILE_ID, NODE_ID]);
        params(
            op::LIST_FILES,
            &[
                FILE_FOLDER_PATH,
                KEYWORD,
                FILE_TYPES,
                USE_TYPE,
                OWNER,
                NODE_ID,
            ],
        );
        params(op::LIST_FILE_VERSIONS, &[FILE_ID]);
        params(op::GET_FILE_VERSION, &[FILE_ID, FILE_VERSION]);
        params(op::DELETE_FILE, &[FILE_ID]);
        params(op::SUBMIT_FILE, &[FILE_ID, COMMENT]);
        params(op::DEPLOY_FILE, &[FILE_ID, NODE_ID, COMMENT]);
        params(op::GET_DEPLOYMENT, &[DEPLOYMENT_ID]);
        params(op::GET_NODE, &[NODE_ID, PROJECT_ENV]);
        params(
            op::LIST_NODES,
            &[
                PROJECT_ID,
                PROJECT_ENV,
                OWNER,
                BIZ_NAME,
                PROGRAM_TYPE,
                NODE_NAME,
            ],
        );
        params(
            op::RUN_SMOKE_TEST,
            &[PROJECT_ENV, BIZDATE, NAME, NODE_ID, NODE_PARAMS],
        );
        params(
            op::LIST_INSTANCES,
            &[
                PROJECT_ENV,
                NODE_ID,
                NODE_NAME,
                OWNER,
                PROJECT_ID,
                BIZ_NAME,
                PROGRAM_TYPE,
                DAG_ID,
                BIZDATE,
                BEGIN_BIZDATE,
                END_BIZDATE,
            ],
        );
        params(op::GET_INSTANCE, &[INSTANCE_ID, PROJECT_ENV]);
        params(op::GET_INSTANCE_LOG, &[INSTANCE_ID, PROJECT_ENV]);
        params(op::GET_PROJECT, &[PROJECT_ID]);
        // The environments are the documented value set of `ProjectEnv`.
        for name in [op::GET_NODE, op::LIST_NODES] {
            let env = op(name)
                .params
                .iter()
                .find(|p| p.name == PROJECT_ENV)
                .unwrap();
            let mut set = env.values.to_vec();
            set.sort_unstable();
            assert_eq!(set, [value::DEV, value::PROD], "{name}");
        }
    }

    #[test]
    fn response_members_are_the_documented_ones() {
        members(op::CREATE_BUSINESS, &[], &[BUSINESS_ID]);
        let business = [
            BUSINESS_ID,
            BUSINESS_NAME,
            DESCRIPTION,
            OWNER,
            PROJECT_ID,
            USE_TYPE,
        ];
        members(op::GET_BUSINESS, &[DATA], &business);
        members(op::LIST_BUSINESS, &[DATA, "Business"], &business);
        members(op::CREATE_FOLDER, &[DATA], &[]);
        members(op::GET_FOLDER, &[DATA], &[FOLDER_ID, FOLDER_PATH]);
        members(
            op::LIST_FOLDERS,
            &[DATA, "Folders"],
            &[FOLDER_ID, FOLDER_PATH],
        );
        let file = [
            COMMIT_STATUS,
            OWNER,
            CREATE_TIME,
            FILE_TYPE,
            CURRENT_VERSION,
            BIZ_ID,
            LAST_EDIT_USER,
            FILE_NAME,
            CONNECTION_NAME,
            USE_TYPE,
            FILE_FOLDER_ID,
            CREATE_USER,
            BUSINESS_ID,
            FILE_DESCRIPTION,
            DELETED_STATUS,
            LAST_EDIT_TIME,
            CONTENT,
            NODE_ID,
        ];
        members(op::GET_FILE, path::FILE, &file);
        members(
            op::GET_FILE,
            path::NODE_CONFIGURATION,
            &[CRON_EXPRESS, SCHEDULER_TYPE, PARA_VALUE],
        );
        let in_list: Vec<&str> = file.into_iter().filter(|m| *m != DELETED_STATUS).collect();
        let listed = members(op::LIST_FILES, &[DATA, "Files"], &in_list);
        assert!(listed.field(FILE_ID).is_some());
        let version = [
            CHANGE_TYPE,
            COMMENT,
            COMMIT_TIME,
            COMMIT_USER,
            FILE_CONTENT,
            FILE_NAME,
            FILE_VERSION,
            IS_CURRENT_PROD,
            NODE_ID,
            STATUS,
            USE_TYPE,
        ];
        members(op::GET_FILE_VERSION, &[DATA], &version);
        members(op::LIST_FILE_VERSIONS, &[DATA, FILE_VERSIONS], &version);
        members(op::DELETE_FILE, &[], &[DEPLOYMENT_ID]);
        members(op::SUBMIT_FILE, &[], &[DATA]);
        members(op::DEPLOY_FILE, &[], &[DATA]);
        members(
            op::GET_DEPLOYMENT,
            path::DEPLOYMENT,
            &[
                STATUS,
                "ErrorMessage",
                FROM_ENVIRONMENT,
                TO_ENVIRONMENT,
                CREATE_TIME,
                HANDLER_ID,
                CREATOR_ID,
                EXECUTE_TIME,
            ],
        );
        members(
            op::GET_DEPLOYMENT,
            path::DEPLOYED_ITEMS,
            &[FILE_ID, FILE_VERSION, STATUS],
        );
        let node = [
            NODE_ID,
            NODE_NAME,
            PROJECT_ID,
            OWNER_ID,
            DESCRIPTION,
            CRON_EXPRESS,
            SCHEDULER_TYPE,
            PARAM_VALUES,
            CONNECTION,
            RELATED_FLOW_ID,
            BUSINESS_ID,
        ];
        members(op::GET_NODE, &[DATA], &node);
        members(op::LIST_NODES, &[DATA, "Nodes"], &node);
        members(op::RUN_SMOKE_TEST, &[], &[DATA]);
        let instance = [
            INSTANCE_ID,
            DAG_ID,
            NODE_ID,
            NODE_NAME,
            STATUS,
            DAG_TYPE,
            BIZDATE,
            CREATE_TIME,
            BEGIN_RUNNING_TIME,
            FINISH_TIME,
            MODIFY_TIME,
            BUSINESS_ID,
            CONNECTION,
            PARAM_VALUES,
        ];
        members(op::GET_INSTANCE, &[DATA], &instance);
        members(op::LIST_INSTANCES, &[DATA, "Instances"], &instance);
        let log = op(op::GET_INSTANCE_LOG).response_at(&[DATA]).unwrap();
        assert_eq!(log.ty, WireType::String);
        members(
            op::GET_PROJECT,
            &[DATA],
            &[
                PROJECT_ID,
                PROJECT_IDENTIFIER,
                PROJECT_NAME,
                PROJECT_MODE,
                ENV_TYPES,
            ],
        );
    }

    #[test]
    fn reported_values_are_in_the_documented_value_sets() {
        values(op::GET_FILE, &["Data", "File", COMMIT_STATUS], &["0", "1"]);
        assert_eq!((value::UNCOMMITTED, value::COMMITTED), (0, 1));
        values(
            op::GET_FILE,
            &["Data", "File", DELETED_STATUS],
            &[value::NOT_DELETED],
        );
        let version = &[DATA, FILE_VERSIONS];
        let mut change = version.to_vec();
        change.push(CHANGE_TYPE);
        values(
            op::LIST_FILE_VERSIONS,
            &change,
            &[value::CHANGE_CREATE, value::CHANGE_UPDATE],
        );
        let mut status = version.to_vec();
        status.push(STATUS);
        values(
            op::LIST_FILE_VERSIONS,
            &status,
            &[value::VERSION_COMMITTED, value::VERSION_DEPLOYED],
        );
        values(op::GET_INSTANCE, &[DATA, DAG_TYPE], &[value::SMOKE_TEST]);
        values(
            op::GET_INSTANCE,
            &[DATA, STATUS],
            &[value::INSTANCE_SUCCESS],
        );
        // The deployment's status values come from the workflow of the spec's waiter.
        let flow = catalog::WORKFLOWS
            .iter()
            .find(|w| w.poll == op::GET_DEPLOYMENT)
            .expect("the spec's waiters poll GetDeployment");
        assert_eq!(flow.status, ["Data", "Deployment", "Status"]);
    }
}
