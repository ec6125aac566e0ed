"""The pages: one module per page (views, and a ``urlpatterns`` list that
:mod:`overeenkomsten.web.urls` includes), templates in ``templates/web/<naam>/``."""
