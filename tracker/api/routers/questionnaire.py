"""The questionnaire's answers that are not measured (CONTRACT §14): costs, subsidies, FTE."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from tracker.api.deps import Command, Services, Svc, blocking, command, require
from tracker.api.errors import ERROR_RESPONSES
from tracker.api.schemas import CommandIn
from tracker.domain.questionnaire import QUESTIONS
from tracker.services import questionnaire

router = APIRouter(prefix="/api", tags=["goals"], responses=ERROR_RESPONSES)
ANSWERS = ", ".join(QUESTIONS)


class QuestionnaireIn(CommandIn):
    year: int
    answers: dict[str, Decimal] = Field(description=f"by question: {ANSWERS}")


class QuestionnaireOut(BaseModel):
    year: int
    answers: dict[str, float]
    questions: dict[str, str] = Field(description="each question in Dutch")


def _out(year: int, answers: dict[str, float]) -> QuestionnaireOut:
    return QuestionnaireOut(year=year, answers=answers,
                            questions={k: nl for k, (nl, _) in QUESTIONS.items()})


@router.post("/questionnaire", response_model=QuestionnaireOut)
async def answer(body: QuestionnaireIn, cmd: Annotated[Command, command("admin")]) -> object:
    """The year's answers (all of them: what is left out is no longer answered); they travel
    in the year's December monitor document, revised when they change."""
    return await cmd.run(body, lambda tx: _out(
        body.year, questionnaire.answer(tx, body.year, body.answers)), status=200)


def _read(svc: Services, year: int) -> QuestionnaireOut:
    with svc.db.read() as conn:
        return _out(year, questionnaire.answers(conn, year))


@router.get("/questionnaire", response_model=QuestionnaireOut,
            dependencies=[require("monitor")])
async def read(svc: Svc, year: Annotated[int, Query(ge=2000, le=2100)]) -> QuestionnaireOut:
    """The year's answers, with the questions."""
    return await blocking(svc, _read, svc, year)
