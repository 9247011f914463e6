# plot-frontier.gp - throughput against latency: the Pareto frontier of
# each format as a staircase (the throughput achievable at latency <= x),
# its canonical design (open symbols, one per batch) and the latency bounds.
# Written by dse plot from the results folder; reads plot-frontier.dat.
# Edit and rerun in this folder: gnuplot plot-frontier.gp

set encoding utf8

# Images written: a gnuplot terminal and a file name each, one
# layout: 7.5 x 5 in, text 10 pt.
array terminal[3] = [ \
	'pngcairo size 2250,1500 font "Sans,10" fontscale 3.125 linewidth 5.208 pointscale 4.321 noenhanced background "#ffffff"', \
	'svg size 540,360 font "Sans,10" linewidth 1.25 noenhanced background "#ffffff"', \
	'pdfcairo size 7.5in,5in font "Sans,10" fontscale 0.75 linewidth 2.5 pointscale 1.122 noenhanced']
array output[3] = ['plot-frontier.png', 'plot-frontier.svg', 'plot-frontier.pdf']

set pointsize 1.25
set border lw 0.6
set grid xtics ytics mxtics mytics lt 1 lc rgb "#d9d9d9" lw 0.4, lt 1 lc rgb "#f0f0f0" lw 0.4
set tics nomirror out scale 0.6, 0.3
set key noopaque nobox samplen 2 spacing 1.1

# Line styles: format k is style k (frontier) and 100 + k (its canonical design).
set style line 1 lc rgb "#0072B2" lw 1.2 dt 1 pt 7 ps 0.5  # hbfp8_576
set style line 2 lc rgb "#D55E00" lw 1.2 dt 2 pt 5 ps 0.5  # bf16
set style line 3 lc rgb "#009E73" lw 1.2 dt 4 pt 9 ps 0.5  # int8
set style line 101 lc rgb "#0072B2" lw 0.8 dt 3 pt 6 ps 0.6
set style line 102 lc rgb "#D55E00" lw 0.8 dt 3 pt 4 ps 0.6
set style line 103 lc rgb "#009E73" lw 0.8 dt 3 pt 8 ps 0.6
set style line 100 lc rgb "#555555" lw 0.8 dt 3 pt 6 ps 0.6  # key of the canonical designs

set logscale xy
	set label 900 'Throughput against latency: Pareto frontier per format' at screen 0.5, screen 0.9667 center front
	set label 901 'n7, lstm; budget 300 mm², 75 W, 75 MB SRAM' at screen 0.5, screen 0.9292 center front
	set label 904 'latency of a batch (µs)' at screen 0.5298, screen 0.1333 center
	set label 903 'throughput (TOp/s)' at screen 0.0148, screen 0.5351 center rotate by 90
	set lmargin at screen 0.0941
	set rmargin at screen 0.9656
	set bmargin at screen 0.2139
	set tmargin at screen 0.8562
set key at screen 0.5298, screen 0.1083 center top vertical maxrows 2 Left reverse noopaque nobox width -2

# Latency bounds of the study (us): dotted guides, labelled on top
# where a label has room (a second row takes what the first cannot)
set arrow from 25, graph 0 to 25, graph 1 nohead back dt 3 lw 0.6 lc rgb "#777777"
set label '25 µs' at first 25, screen 0.8750 center tc rgb "#555555"
set arrow from 50, graph 0 to 50, graph 1 nohead back dt 3 lw 0.6 lc rgb "#777777"
set label '50 µs' at first 50, screen 0.8750 center tc rgb "#555555"
set arrow from 100, graph 0 to 100, graph 1 nohead back dt 3 lw 0.6 lc rgb "#777777"
set label '100 µs' at first 100, screen 0.8750 center tc rgb "#555555"
set arrow from 250, graph 0 to 250, graph 1 nohead back dt 3 lw 0.6 lc rgb "#777777"
set label '250 µs' at first 250, screen 0.8750 center tc rgb "#555555"
set arrow from 500, graph 0 to 500, graph 1 nohead back dt 3 lw 0.6 lc rgb "#777777"
set label '500 µs' at first 500, screen 0.8750 center tc rgb "#555555"
set xrange [20:5000]
set xtics 10 format ''
set xtics add ('100' 100, '1000' 1000, '20' 20.00002, '50' 50, '200' 200, '500' 500, '2000' 2000, '5000' 4999.995)
set yrange [0.2:1000]
set ytics 10 format ''
set ytics add ('1' 1, '10' 10, '100' 100, '1000' 999.999)

do for [i = 1:|terminal|] {
	eval "set terminal " . terminal[i]
	set output output[i]
	plot 'plot-frontier.dat' index 0 using 1:2 with steps ls 1 notitle, \
	     '' index 0 every ::0::6 using 1:2 with points ls 1 notitle, \
	     'plot-frontier.dat' index 1 using 1:2 with steps ls 2 notitle, \
	     '' index 1 every ::0::6 using 1:2 with points ls 2 notitle, \
	     'plot-frontier.dat' index 2 using 1:2 with steps ls 3 notitle, \
	     '' index 2 every ::0::6 using 1:2 with points ls 3 notitle, \
	     'plot-frontier.dat' index 3 using 1:2 with linespoints ls 101 notitle, \
	     'plot-frontier.dat' index 4 using 1:2 with linespoints ls 102 notitle, \
	     'plot-frontier.dat' index 5 using 1:2 with linespoints ls 103 notitle, \
	     NaN with linespoints ls 1 title 'hbfp8_576', \
	     NaN with linespoints ls 2 title 'bf16', \
	     NaN with linespoints ls 3 title 'int8', \
	     NaN with linespoints ls 100 title 'canonical ws 128×128'
	set output
}
