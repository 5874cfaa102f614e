/*
 * A Python 3 grammar for FleetBench's static code checks, written for FleetBench from the Python Language Reference
 * (sections "Lexical analysis", "Simple statements", "Compound statements", "Expressions"). It accepts the Python 3
 * that models write in answers: functions (with annotations, defaults, *args, **kwargs, '/' and '*' markers,
 * decorators, async), classes, every statement but 'match', comprehensions, lambdas, ':=', slices. String contents
 * (f-strings included) are not parsed further. INDENT and DEDENT tokens come from PythonTokens, which turns the
 * NEWLINE tokens of this lexer into Python's logical lines. Code is only parsed, never run.
 */
grammar Python;

tokens { INDENT, DEDENT }

// ---- statements -------------------------------------------------------------------------------------------------

file_input : (NEWLINE | stmt)* EOF ;

stmt : simple_stmts | compound_stmt ;

simple_stmts : small_stmt (';' small_stmt)* ';'? NEWLINE ;

small_stmt
    : expr_stmt
    | 'del' exprlist
    | 'pass'
    | 'break'
    | 'continue'
    | 'return' testlist_star_expr?
    | 'raise' (test ('from' test)?)?
    | yield_expr
    | import_stmt
    | ('global' | 'nonlocal') NAME (',' NAME)*
    | 'assert' test (',' test)?
    ;

expr_stmt
    : testlist_star_expr ( annassign
                         | augassign (yield_expr | testlist)
                         | ('=' (yield_expr | testlist_star_expr))* )
    ;

annassign : ':' test ('=' (yield_expr | testlist_star_expr))? ;

augassign : '+=' | '-=' | '*=' | '@=' | '/=' | '%=' | '&=' | '|=' | '^=' | '<<=' | '>>=' | '**=' | '//=' ;

import_stmt
    : 'import' dotted_as_name (',' dotted_as_name)*
    | 'from' ('.' | '...')* dotted_name 'import' import_targets
    | 'from' ('.' | '...')+ 'import' import_targets
    ;

import_targets : '*' | '(' import_as_names ','? ')' | import_as_names ;
import_as_names : import_as_name (',' import_as_name)* ;
import_as_name : NAME ('as' NAME)? ;
dotted_as_name : dotted_name ('as' NAME)? ;
dotted_name : NAME ('.' NAME)* ;

compound_stmt
    : if_stmt | while_stmt | for_stmt | try_stmt | with_stmt | funcdef | classdef | decorated | async_stmt ;

async_stmt : 'async' (funcdef | with_stmt | for_stmt) ;
if_stmt : 'if' namedexpr_test ':' block ('elif' namedexpr_test ':' block)* ('else' ':' block)? ;
while_stmt : 'while' namedexpr_test ':' block ('else' ':' block)? ;
for_stmt : 'for' exprlist 'in' testlist ':' block ('else' ':' block)? ;
try_stmt
    : 'try' ':' block ( (except_clause ':' block)+ ('else' ':' block)? ('finally' ':' block)?
                      | 'finally' ':' block )
    ;
except_clause : 'except' '*'? (test ('as' NAME)?)? ;
with_stmt : 'with' with_item (',' with_item)* ':' block ;
with_item : test ('as' expr)? ;
block : simple_stmts | NEWLINE INDENT stmt+ DEDENT ;

decorated : decorator+ (classdef | funcdef | async_stmt) ;
decorator : '@' namedexpr_test NEWLINE ;

funcdef : 'def' NAME '(' parameters? ')' ('->' test)? ':' block ;
parameters : parameter (',' parameter)* ','? ;
parameter
    : '/'                                   # positionalOnlyMarker
    | '*' (NAME (':' test)?)?               # starParameter
    | '**' NAME (':' test)?                 # kwargsParameter
    | NAME (':' test)? ('=' test)?          # namedParameter
    ;

classdef : 'class' NAME ('(' arglist? ')')? ':' block ;

// ---- expressions ------------------------------------------------------------------------------------------------

namedexpr_test : NAME ':=' test | test ;
test : or_test ('if' or_test 'else' test)? | lambdef ;
lambdef : 'lambda' lambda_params? ':' test ;
lambda_params : lambda_param (',' lambda_param)* ','? ;
lambda_param : '/' | '*' NAME? | '**' NAME | NAME ('=' test)? ;
or_test : and_test ('or' and_test)* ;
and_test : not_test ('and' not_test)* ;
not_test : 'not' not_test | comparison ;
comparison : expr (comp_op expr)* ;
comp_op : '<' | '>' | '==' | '>=' | '<=' | '!=' | 'in' | 'not' 'in' | 'is' | 'is' 'not' ;
star_expr : '*' expr ;
expr : xor_expr ('|' xor_expr)* ;
xor_expr : and_expr ('^' and_expr)* ;
and_expr : shift_expr ('&' shift_expr)* ;
shift_expr : arith_expr (('<<' | '>>') arith_expr)* ;
arith_expr : term (('+' | '-') term)* ;
term : factor (('*' | '@' | '/' | '%' | '//') factor)* ;
factor : ('+' | '-' | '~') factor | power ;
power : atom_expr ('**' factor)? ;
atom_expr : 'await'? atom trailer* ;
atom
    : '(' (yield_expr | testlist_comp)? ')'
    | '[' testlist_comp? ']'
    | '{' dictorsetmaker? '}'
    | NAME
    | NUMBER
    | STRING+
    | '...'
    | 'None'
    | 'True'
    | 'False'
    ;
testlist_comp : (namedexpr_test | star_expr) ( comp_for | (',' (namedexpr_test | star_expr))* ','? ) ;
trailer : '(' arglist? ')' | '[' subscriptlist ']' | '.' NAME ;
subscriptlist : subscript (',' subscript)* ','? ;
subscript : test | test? ':' test? (':' test?)? | star_expr ;
exprlist : (expr | star_expr) (',' (expr | star_expr))* ','? ;
testlist : test (',' test)* ','? ;
testlist_star_expr : (test | star_expr) (',' (test | star_expr))* ','? ;
dictorsetmaker
    : (dict_item (comp_for | (',' dict_item)* ','?))
    | ((test | star_expr) (comp_for | (',' (test | star_expr))* ','?))
    ;
dict_item : test ':' test | '**' expr ;
arglist : argument (',' argument)* ','? ;
argument : test comp_for? | NAME ':=' test | NAME '=' test | '**' test | '*' test ;
comp_for : 'async'? 'for' exprlist 'in' or_test comp_iter? ;
comp_iter : comp_for | comp_if ;
comp_if : 'if' or_test comp_iter? ;
yield_expr : 'yield' ('from' test | testlist_star_expr)? ;

// ---- tokens -----------------------------------------------------------------------------------------------------

STRING : STRING_PREFIX? (LONG_STRING | SHORT_STRING) ;

NUMBER : IMAG_NUMBER | FLOAT_NUMBER | INTEGER ;

NAME : ID_START ID_CONTINUE* ;

/** A line end with the indentation of the next line; PythonTokens makes NEWLINE / INDENT / DEDENT from it. */
NEWLINE : ('\r'? '\n' | '\r' | '\f') [ \t\f]* ;

LINE_JOINING : '\\' [ \t]* ('\r'? '\n' | '\r') -> skip ;
SPACES : [ \t\f]+ -> skip ;
COMMENT : '#' ~[\r\n]* -> skip ;

/** Anything else is not Python: the parser reports it as a syntax error. */
ERROR_CHAR : . ;

fragment STRING_PREFIX : [rRuUbBfF] | [rR] [bBfF] | [bBfF] [rR] ;
fragment SHORT_STRING
    : '\'' ('\\' . | ~[\\\r\n'])* '\''
    | '"' ('\\' . | ~[\\\r\n"])* '"'
    ;
fragment LONG_STRING
    : '\'\'\'' ('\\' . | .)*? '\'\'\''
    | '"""' ('\\' . | .)*? '"""'
    ;
fragment INTEGER
    : [1-9] ('_'? [0-9])*
    | '0'+ ('_'? '0')*
    | '0' [xX] ('_'? [0-9a-fA-F])+
    | '0' [oO] ('_'? [0-7])+
    | '0' [bB] ('_'? [01])+
    ;
fragment DIGIT_PART : [0-9] ('_'? [0-9])* ;
fragment POINT_FLOAT : DIGIT_PART? '.' DIGIT_PART | DIGIT_PART '.' ;
fragment EXPONENT_FLOAT : (DIGIT_PART | POINT_FLOAT) [eE] [+-]? DIGIT_PART ;
fragment FLOAT_NUMBER : POINT_FLOAT | EXPONENT_FLOAT ;
fragment IMAG_NUMBER : (FLOAT_NUMBER | DIGIT_PART) [jJ] ;
fragment ID_START : [\p{L}\p{Nl}_] ;
fragment ID_CONTINUE : [\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}] ;
