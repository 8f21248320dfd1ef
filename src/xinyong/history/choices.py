from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Action(models.TextChoices):
    ASSOCIATION_CREATE = "association.create", _("新增协会")
    ASSOCIATION_MODIFY = "association.modify", _("变更基本信息")
    RECORD_CREATE = "record.create", _("新增信用记录")
    RECORD_MODIFY = "record.modify", _("修改信用记录")
    RECORD_FINALIZE = "record.finalize", _("草稿转为正式记录")
    RECORD_REVOKE = "record.revoke", _("撤销信用记录")
    EVIDENCE_ADD = "evidence.add", _("添加证明材料")
    EVIDENCE_REVOKE = "evidence.revoke", _("撤销证明材料")
    # Also the words of a button and a page title: the context keeps the English apart.
    OBJECTION_FILE = "objection.file", pgettext_lazy("history action", "提出异议")
    OBJECTION_VERIFY = "objection.verify", _("开始核实异议")
    OBJECTION_CORRECTION = "objection.correction", _("依异议更正信息")
    OBJECTION_CORRECT = "objection.correct", _("异议办结：已更正")
    OBJECTION_CONFIRM = "objection.confirm", _("异议办结：经核实无误")
    OBJECTION_WITHDRAW = "objection.withdraw", pgettext_lazy("history action", "撤回异议")
    OBJECTION_DEADLINE = "objection.deadline", _("按工作日历重新计算异议期限")
    CALENDAR_ENTER = "calendar.enter", _("录入工作日历")
    API_KEY_ISSUE = "api_key.issue", _("签发接口密钥")
    API_KEY_REVOKE = "api_key.revoke", _("吊销接口密钥")
    MEASURE_APPLY = "measure.apply", _("实施激励惩戒措施")
    MEASURE_LIFT = "measure.lift", _("解除激励惩戒措施")
    MEASURE_KIND_CREATE = "measure_kind.create", _("新增措施种类")
    MEASURE_KIND_MODIFY = "measure_kind.modify", _("修改措施种类")
    MEASURE_RULE_CREATE = "measure_rule.create", _("新增措施规则")
    MEASURE_RULE_MODIFY = "measure_rule.modify", _("修改措施规则")
    MEASURE_PROPOSAL_DISMISS = "measure_proposal.dismiss", _("不采纳措施建议")
    # Accounts and the organisations they belong to (issue 14, R-ACT-6). Sign-ins are not here:
    # they go to the append-only security log (xinyong.security).
    USER_CREATE = "user.create", _("新建账号")
    USER_ACTIVATE = "user.activate", _("激活账号")
    USER_MODIFY = "user.modify", _("变更账号角色或范围")
    USER_DEACTIVATE = "user.deactivate", _("停用账号")
    USER_REACTIVATE = "user.reactivate", _("恢复账号")
    USER_PASSWORD_CHANGE = "user.password_change", _("修改密码")
    USER_PASSWORD_RESET = "user.password_reset", _("重置密码")
    USER_SECOND_FACTOR_ENROL = "user.2fa_enrol", _("启用双因素认证")
    USER_SECOND_FACTOR_RESET = "user.2fa_reset", _("重置双因素认证")
    USER_RECOVERY_CODES = "user.recovery_codes", _("重新生成恢复码")
    AUTHORITY_CREATE = "authority.create", _("新增登记管理机关")
    AUTHORITY_MODIFY = "authority.modify", _("修改登记管理机关")
    DEPARTMENT_CREATE = "department.create", _("新增相关部门")
    DEPARTMENT_MODIFY = "department.modify", _("修改相关部门")
    # ``xinyong clean_text``: invisible and control characters removed from stored text (issue 13).
    TEXT_CLEAN = "text.clean", _("清理不可见字符")


class ObjectType(models.TextChoices):
    ASSOCIATION = "association", _("协会基本信息")
    RECORD = "record", _("信用记录")
    EVIDENCE = "evidence", _("证明材料")
    OBJECTION = "objection", _("异议")
    CALENDAR = "calendar", _("工作日历")
    API_KEY = "api_key", _("接口密钥")
    MEASURE = "measure", _("激励惩戒措施")
    MEASURE_KIND = "measure_kind", _("措施种类")
    MEASURE_RULE = "measure_rule", _("措施规则")
    MEASURE_PROPOSAL = "measure_proposal", _("措施建议")
    USER = "user", _("账号")
    AUTHORITY = "authority", _("登记管理机关")
    DEPARTMENT = "department", _("相关部门")
