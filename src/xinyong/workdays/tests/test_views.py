"""The back-office calendar pages: who sees what, entering by text box or file, errors keep input."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xinyong.history.models import HistoryEntry
from xinyong.testing.matrix import ANONYMOUS, Case, Matrix, expect, run
from xinyong.workdays.models import CalendarDay, CalendarYear

ROLES = (ANONYMOUS, "dc_staff", "supervisor", "admin_user", "dept_user", "assoc_user")
MATRIX = Matrix(
    ROLES,
    [
        Case("workdays:list", expect("dc_staff", "supervisor", "admin_user", "assoc_user")),
        Case(
            "workdays:year",
            expect("dc_staff", "supervisor", "admin_user", "assoc_user"),
            args=lambda _: [2026],
        ),
        Case("workdays:enter", expect("admin_user")),
    ],
)


@MATRIX.parametrize
def test_permission_matrix(client, request, db, cell):
    run(client, cell, request=request)


def payload(**changes):
    data = {
        "year": "2027",
        "source_note": "国务院办公厅关于2027年部分节假日安排的通知（测试）",
        "lines": "2027-01-01,休,元旦\n2027-02-06,班,春节\n",
        "reason": "录入官方日历",
    }
    data.update(changes)
    return data


def test_admin_enters_a_year_by_pasting_lines(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("workdays:enter"), payload(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("workdays:year", args=[2027])
    html = response.content.decode()
    assert "已录入2027年工作日历：放假 1 天，调休上班 1 天" in html
    assert "国务院办公厅关于2027年部分节假日安排的通知（测试）" in html
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [date(2027, 1, 1), date(2027, 2, 6)]
    assert HistoryEntry.objects.filter(object_type="calendar", action="calendar.enter").count() == 1


def test_admin_enters_a_year_by_uploading_a_gb18030_file(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("2027.csv", "日期,类型,名称\n2027-01-01,休,元旦\n".encode("gb18030"))
    response = client.post(reverse("workdays:enter"), {**payload(lines=""), "file": upload})
    assert response.status_code == 302
    assert CalendarDay.objects.get().name == "元旦"


def test_errors_keep_everything_typed_and_name_the_line(client, admin_user):
    client.force_login(admin_user)
    lines = "2027-01-01,休,元旦\n2027-01-04,班,元旦\n"
    response = client.post(reverse("workdays:enter"), payload(lines=lines, reason="我的原因"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["lines"].value() == lines
    assert form["reason"].value() == "我的原因"
    assert form["source_note"].value() == "国务院办公厅关于2027年部分节假日安排的通知（测试）"
    assert form.errors["lines"] == [
        "第2行：2027-01-04 是星期一，本来就是工作日；调休上班日必须是星期六或星期日。"
    ]
    assert "第2行" in response.content.decode()
    assert CalendarYear.objects.count() == 0


def test_a_bad_upload_is_put_into_the_text_box_to_be_corrected(client, admin_user):
    client.force_login(admin_user)
    text = "2027-01-01,休,元旦\n2027-01-05,班\n"
    upload = SimpleUploadedFile("2027.csv", text.encode("utf-8-sig"))
    response = client.post(reverse("workdays:enter"), {**payload(lines=""), "file": upload})
    form = response.context["form"]
    assert form["lines"].value() == text
    assert form.errors["lines"][0].startswith("第2行：2027-01-05 是星期二")
    assert "上传文件的内容已放入下面的文本框" in response.content.decode()
    # Corrected in the text box and sent again, without the file.
    response = client.post(reverse("workdays:enter"), payload(lines="2027-01-01,休,元旦\n"))
    assert response.status_code == 302


def test_an_unreadable_upload_is_refused(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.4\x00\x01")
    response = client.post(reverse("workdays:enter"), {**payload(lines=""), "file": upload})
    assert "这不是文本文件" in response.context["form"].errors["file"][0]
    assert CalendarYear.objects.count() == 0


def test_text_and_file_together_or_neither_are_refused(client, admin_user):
    client.force_login(admin_user)
    upload = SimpleUploadedFile("2027.csv", b"2027-01-01,holiday\n")
    response = client.post(reverse("workdays:enter"), {**payload(), "file": upload})
    assert "请粘贴内容或上传文件，二者选一。" in response.context["form"].non_field_errors()
    response = client.post(reverse("workdays:enter"), payload(lines=" "))
    assert response.context["form"].errors["lines"] == ["请粘贴该年的放假日和调休上班日，或上传 CSV 文件。"]
    assert CalendarYear.objects.count() == 0


def test_staff_sees_the_list_read_only_and_is_refused_the_form(client, dc_staff):
    client.force_login(dc_staff)
    html = client.get(reverse("workdays:list")).content.decode()
    assert "2027" in html and "暂定" in html
    assert reverse("workdays:enter") not in html
    response = client.post(reverse("workdays:enter"), payload())
    assert response.status_code == 403
    assert "只有系统管理员可以录入工作日历。" in response.content.decode()
    assert CalendarYear.objects.count() == 0


def test_the_list_shows_who_entered_a_year(client, admin_user, supervisor):
    client.force_login(admin_user)
    client.post(reverse("workdays:enter"), payload())
    client.force_login(supervisor)
    html = client.get(reverse("workdays:list")).content.decode()
    assert "国务院办公厅关于2027年部分节假日安排的通知（测试）" in html
    assert admin_user.username in html
    assert "chinesecalendar" in html


def test_year_pages(client, dc_staff):
    client.force_login(dc_staff)
    html = client.get(reverse("workdays:year", args=[2026])).content.decode()
    assert "春节" in html and "调休上班" in html
    html = client.get(reverse("workdays:year", args=[2027])).content.decode()
    assert "2027年还没有官方日历" in html
    assert client.get(reverse("workdays:year", args=[0])).status_code == 404


def test_the_form_suggests_the_first_year_without_a_calendar(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("workdays:enter"))
    assert response.context["form"]["year"].value() >= 2027
    response = client.get(reverse("workdays:enter"), {"year": "2030"})
    assert response.context["form"]["year"].value() == 2030
